import io
import logging
import zipfile

from ariadne import MutationType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest

from hexa.analytics.api import track
from hexa.pipeline_templates.models import PipelineTemplate, PipelineTemplateVersion
from hexa.pipelines.models import Pipeline, PipelineVersion
from hexa.tags.models import Tag
from hexa.user_management.models import User
from hexa.workspaces.models import Workspace

logger = logging.getLogger(__name__)

pipeline_template_mutations = MutationType()


def extract_readme_from_zipfile(zipfile_bytes: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(zipfile_bytes)) as zf:
            candidates = [
                name
                for name in zf.namelist()
                if name.lower().split("/")[-1] in ("readme.md", "readme.markdown")
            ]
            # Prefer root-level README, fall back to any match
            candidates.sort(key=lambda n: n.count("/"))
            if candidates:
                return zf.read(candidates[0]).decode("utf-8", errors="replace")
    except Exception:
        logger.exception("Failed to extract README from zipfile")
    return None


def auto_update_pipelines_from_template_version(
    template_version: PipelineTemplateVersion,
):
    template = template_version.template

    pipelines_to_update = Pipeline.objects.filter(
        source_template=template,
        auto_update_from_template=True,
        deleted_at__isnull=True,
    ).select_related("workspace")

    for pipeline in pipelines_to_update:
        try:
            template_version.create_pipeline_version(
                workspace=pipeline.workspace, pipeline=pipeline
            )
        except Exception as e:
            logger.error(
                f"Failed to auto-update pipeline '{pipeline.name}' in workspace '{pipeline.workspace.name}': {e}",
                exc_info=True,
            )
            raise


def get_workspace(user: User, workspace_slug: str) -> Workspace | None:
    try:
        return Workspace.objects.filter_for_user(user).get(slug=workspace_slug)
    except Workspace.DoesNotExist:
        return None


def get_source_pipeline(user: User, pipeline_id: str) -> Pipeline | None:
    """
    Get a pipeline that the user has access to, regardless of whether it has been deleted or not.
    """
    try:
        return Pipeline.all_objects.filter_for_user(user).get(id=pipeline_id)
    except Pipeline.DoesNotExist:
        return None


def get_source_pipeline_version(
    source_pipeline: Pipeline, pipeline_version_id: str
) -> PipelineVersion | None:
    try:
        return source_pipeline.versions.get(id=pipeline_version_id)
    except PipelineVersion.DoesNotExist:
        return None


@pipeline_template_mutations.field("createPipelineTemplateVersion")
def resolve_create_pipeline_template_version(_, info, **kwargs):
    request: HttpRequest = info.context["request"]
    input = kwargs["input"]

    workspace = get_workspace(request.user, input.get("workspace_slug"))
    if not workspace:
        return {"success": False, "errors": ["WORKSPACE_NOT_FOUND"]}

    if not request.user.has_perm(
        "pipeline_templates.create_pipeline_template_version", workspace
    ):
        return {"success": False, "errors": ["PERMISSION_DENIED"]}

    source_pipeline = get_source_pipeline(request.user, input["pipeline_id"])
    if not source_pipeline:
        return {"success": False, "errors": ["PIPELINE_NOT_FOUND"]}

    source_pipeline_version = get_source_pipeline_version(
        source_pipeline, input.get("pipeline_version_id")
    )
    if not source_pipeline_version:
        return {"success": False, "errors": ["PIPELINE_VERSION_NOT_FOUND"]}

    if input.get("extract_documentation_from_readme", True):
        documentation = (
            extract_readme_from_zipfile(bytes(source_pipeline_version.zipfile))
            if source_pipeline_version.zipfile
            else None
        )
    else:
        documentation = input.get("documentation")

    try:
        pipeline_template, template_created = source_pipeline.get_or_create_template(
            name=input.get("name"),
            code=input.get("code"),
            description=input.get("description") or "",
        )
        pipeline_template_version = (
            source_pipeline_version.template_version
            if hasattr(source_pipeline_version, "template_version")
            else pipeline_template.create_version(
                source_pipeline_version,
                user=request.user,
                name=input.get("version_name"),
                changelog=input.get("changelog"),
                documentation=documentation,
            )
        )  # Recreate the version if the source pipeline version has no template version (it can have one if the template was deleted before and restored)
    except IntegrityError as e:
        if any(
            msg in str(e)
            for msg in [
                "unique_template_code_per_workspace",
                "unique_template_name",
            ]
        ):
            return {"success": False, "errors": ["DUPLICATE_TEMPLATE_NAME_OR_CODE"]}
        return {"success": False, "errors": ["UNKNOWN_ERROR"]}

    track(
        request,
        "pipeline_templates.pipeline_template_created"
        if template_created
        else "pipeline_templates.pipeline_template_updated",
        {
            "pipeline_template_id": str(pipeline_template.id),
            "pipeline_template_version_id": str(pipeline_template_version.id),
            "workspace": workspace.slug,
        },
    )

    auto_update_pipelines_from_template_version(pipeline_template_version)

    return {"pipeline_template": pipeline_template, "success": True, "errors": []}


@pipeline_template_mutations.field("updateTemplateVersion")
def resolve_update_template_version(_, info, **kwargs):
    request: HttpRequest = info.context["request"]
    input = kwargs["input"]

    try:
        template_version = PipelineTemplateVersion.objects.filter_for_user(
            request.user
        ).get(id=input.pop("id"))
        template_version.update_if_has_perm(request.user, **input)
        return {"template_version": template_version, "success": True, "errors": []}
    except PipelineTemplateVersion.DoesNotExist:
        return {
            "success": False,
            "errors": ["NOT_FOUND"],
        }
    except PermissionDenied:
        return {
            "success": False,
            "errors": ["PERMISSION_DENIED"],
        }


@pipeline_template_mutations.field("deleteTemplateVersion")
def resolve_delete_template_version(_, info, **kwargs):
    request: HttpRequest = info.context["request"]
    input = kwargs["input"]
    try:
        PipelineTemplateVersion.objects.get(id=input["id"]).delete_if_has_perm(
            request.user
        )
        return {
            "success": True,
            "errors": [],
        }
    except PermissionDenied:
        return {
            "success": False,
            "errors": ["PERMISSION_DENIED"],
        }
    except PipelineTemplateVersion.DoesNotExist:
        return {
            "success": False,
            "errors": ["TEMPLATE_VERSION_NOT_FOUND"],
        }


@pipeline_template_mutations.field("createPipelineFromTemplateVersion")
def resolve_create_pipeline_from_template_version(_, info, **kwargs):
    request: HttpRequest = info.context["request"]
    user = request.user
    input = kwargs["input"]

    workspace = get_workspace(user, input.get("workspace_slug"))
    if not workspace:
        return {"success": False, "errors": ["WORKSPACE_NOT_FOUND"]}

    if not user.has_perm("pipelines.create_pipeline", workspace):
        return {"success": False, "errors": ["PERMISSION_DENIED"]}

    try:
        template_version = PipelineTemplateVersion.objects.get(
            id=input["pipeline_template_version_id"]
        )
    except PipelineTemplateVersion.DoesNotExist:
        return {"success": False, "errors": ["PIPELINE_TEMPLATE_VERSION_NOT_FOUND"]}

    pipeline_version = template_version.create_pipeline_version(
        workspace, principal=user
    )

    track(
        request,
        "pipeline_templates.pipeline_template_used",
        {
            "pipeline_id": str(pipeline_version.pipeline.id),
            "pipeline_version_id": str(pipeline_version.id),
            "pipeline_template_id": str(template_version.template.id),
            "pipeline_template_version_id": str(template_version.id),
            "workspace": workspace.slug,
        },
    )
    return {"pipeline": pipeline_version.pipeline, "success": True, "errors": []}


@pipeline_template_mutations.field("updatePipelineTemplate")
def resolve_update_template(_, info, **kwargs):
    request: HttpRequest = info.context["request"]
    input = kwargs["input"]

    try:
        template = PipelineTemplate.objects.filter_for_user(request.user).get(
            id=input.pop("id")
        )

        if "tags" in input:
            tags, has_error = Tag.validate_and_get_or_create(input["tags"])
            if has_error:
                return {
                    "success": False,
                    "errors": ["INVALID_CONFIG"],
                }
            input["tags"] = tags

        template.update_if_has_perm(request.user, **input)
        return {"template": template, "success": True, "errors": []}
    except PermissionDenied:
        return {
            "success": False,
            "errors": ["PERMISSION_DENIED"],
        }
    except PipelineTemplate.DoesNotExist:
        return {
            "success": False,
            "errors": ["NOT_FOUND"],
        }


@pipeline_template_mutations.field("deletePipelineTemplate")
def resolve_delete_pipeline_template(_, info, **kwargs):
    request: HttpRequest = info.context["request"]
    input = kwargs["input"]
    try:
        pipeline_template = PipelineTemplate.objects.filter_for_user(
            user=request.user
        ).get(id=input.get("id"))
        pipeline_template.delete_if_has_perm(principal=request.user)
        return {
            "success": True,
            "errors": [],
        }
    except PipelineTemplate.DoesNotExist:
        return {
            "success": False,
            "errors": ["PIPELINE_TEMPLATE_NOT_FOUND"],
        }
    except PermissionDenied:
        return {
            "success": False,
            "errors": ["PERMISSION_DENIED"],
        }


bindables = [pipeline_template_mutations]
