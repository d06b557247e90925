from datetime import datetime, timezone
from itertools import chain
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext_lazy, override
from django_otp import devices_for_user, user_has_device

from hexa.analytics.api import track
from hexa.core.utils import get_email_attachments, send_mail
from hexa.user_management.models import (
    Organization,
    OrganizationInvitation,
    OrganizationInvitationStatus,
    ServiceAccount,
    SignupRequest,
    SignupRequestStatus,
    User,
)
from hexa.workspaces.models import WorkspaceInvitation, WorkspaceInvitationStatus

USER_DEFAULT_DEVICE_ATTR_NAME = "_default_device"
DEVICE_DEFAULT_NAME = "default"


def default_device(user, confirmed=True):
    """
    confirmed: Pass None to get all devices
    """
    if hasattr(user, USER_DEFAULT_DEVICE_ATTR_NAME):
        return getattr(user, USER_DEFAULT_DEVICE_ATTR_NAME)
    for device in devices_for_user(user, confirmed=confirmed):
        if device.name == DEVICE_DEFAULT_NAME:
            setattr(user, USER_DEFAULT_DEVICE_ATTR_NAME, device)
            return device


def has_configured_two_factor(user):
    return user.is_authenticated and user_has_device(user)


def send_organization_invite(invitation):
    """Send invitation email to organization"""
    title = gettext_lazy(
        f"You've been invited to join the organization {invitation.organization.name} on OpenHEXA"
    )
    token = invitation.generate_token()
    action_url = f"{settings.NEW_FRONTEND_DOMAIN}/register?{urlencode({'email': invitation.email, 'token': token})}"
    invited_by = invitation.invited_by
    invited_by_user = None if isinstance(invited_by, ServiceAccount) else invited_by

    with override(invited_by.language):
        send_mail(
            title=title,
            template_name="user_management/mails/invite_organization",
            template_variables={
                "organization": invitation.organization.name,
                "invited_by": invited_by_user,
                "url": action_url,
                "workspace_invitations": invitation.workspace_invitations.all(),
            },
            recipient_list=[invitation.email],
            attachments=get_email_attachments(),
        )

        track(
            request=None,
            event="emails.organization_invite_sent",
            properties={
                "timestamp": datetime.now(timezone.utc).isoformat(),
                "organization": invitation.organization.name,
                "invitee_email": invitation.email,
                "invitee_role": invitation.role,
                "status": invitation.status,
            },
        )


def send_organization_add_user_email(
    invited_by, organization: Organization, invitee, role, workspace_invitations=None
):
    """Send email to existing user when added to organization"""
    title = gettext_lazy(
        f"You've been added to the organization {organization.name} on OpenHEXA"
    )
    action_url = f"{settings.NEW_FRONTEND_DOMAIN}/organizations/{organization.id}"
    invited_by = None if isinstance(invited_by, ServiceAccount) else invited_by

    with override(invitee.language):
        send_mail(
            title=title,
            template_name="user_management/mails/add_existing_user_organization",
            template_variables={
                "organization": organization.name,
                "invited_by": invited_by,
                "invitee": invitee.display_name,
                "url": action_url,
                "workspace_invitations": workspace_invitations or [],
            },
            recipient_list=[invitee.email],
            attachments=get_email_attachments(),
        )

        track(
            request=None,
            event="emails.organization_add_user_sent",
            properties={
                "timestamp": datetime.now(timezone.utc).isoformat(),
                "organization": organization.name,
                "invitee_email": invitee.email,
                "invitee_role": role,
            },
        )


def send_signup_email(signup_request):
    """Send verification email for self-registration signup request."""
    title = gettext_lazy("Complete your OpenHEXA registration")
    token = signup_request.generate_token()
    action_url = f"{settings.NEW_FRONTEND_DOMAIN}/register?{urlencode({'email': signup_request.email, 'token': token})}"

    send_mail(
        title=title,
        template_name="user_management/mails/signup_verification",
        template_variables={
            "email": signup_request.email,
            "url": action_url,
        },
        recipient_list=[signup_request.email],
        attachments=get_email_attachments(),
    )

    track(
        request=None,
        event="emails.signup_verification_sent",
        properties={
            "timestamp": datetime.now(timezone.utc).isoformat(),
            "email": signup_request.email,
        },
    )


def accept_pending_invitations(user: User):
    """Accept all pending invitations matching the user's email."""
    pending_invitations = chain(
        WorkspaceInvitation.objects.filter(
            email=user.email, status=WorkspaceInvitationStatus.PENDING
        ),
        OrganizationInvitation.objects.filter(
            email=user.email, status=OrganizationInvitationStatus.PENDING
        ),
        SignupRequest.objects.filter(
            email=user.email, status=SignupRequestStatus.PENDING
        ),
    )
    for invitation in pending_invitations:
        invitation.accept(user)
