"""FastAPI server endpoints for the Zeno SDK."""

import uuid
from urllib import parse

import pyarrow as pa
from amplitude import BaseEvent
from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Request,
    Response,
    UploadFile,
    status,
)
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from zeno_backend.classes.amplitude import AmplitudeHandler
from zeno_backend.classes.project import Project
from zeno_backend.database import delete, insert, select, update
from zeno_backend.database.util import match_instance_view
from zeno_backend.util import user_project_editor

# Bump only for breaking changes
MIN_CLIENT_VERSION = "0.1.9"


class APIKeyBearer(HTTPBearer):
    """API key bearer authentication scheme."""

    def __init__(self, auto_error: bool = True):
        """Initialize the APIKeyBearer class.

        Args:
            auto_error (bool, optional): automatically report errors.
                Defaults to True.
        """
        super(APIKeyBearer, self).__init__(auto_error=auto_error)

    async def __call__(self, request: Request):
        """Verify that the API key is valid.

        Args:
            request (Request): request object.
        """
        credentials: HTTPAuthorizationCredentials | None = await super(
            APIKeyBearer, self
        ).__call__(request)

        if credentials:
            if not credentials.scheme == "Bearer":
                raise HTTPException(
                    status_code=403, detail="Invalid authentication scheme."
                )
            if not await self.verify_api_key(credentials.credentials):
                raise HTTPException(
                    status_code=403,
                    detail=(
                        "ERROR: Invalid API key. Double check your API key or generate"
                        + " a new one at https://hub.zenoml.com/account."
                    ),
                )
            return credentials.credentials
        else:
            raise HTTPException(
                status_code=403,
                detail=(
                    "ERROR: Invalid API key. Double check your API key or generate"
                    + " a new one at https://hub.zenoml.com/account."
                ),
            )

    async def verify_api_key(self, api_key: str) -> bool:
        """Verify that the API key is valid.

        Args:
            api_key (str): API key to verify.


        Returns:
            bool: True if the API key is valid, False otherwise.
        """
        return await select.api_key_exists(api_key)


router = APIRouter(tags=["zeno"], dependencies=[Depends(APIKeyBearer())])


@router.get("/project-by-name/{owner_name}/{project_name}")
async def get_project_by_name(
    owner_name: str, project_name: str, api_key=Depends(APIKeyBearer())
):
    """Get a project by it's name and owner name.

    Args:
        owner_name (str): name of the project's owner.
        project_name (str): name of the project.
        api_key (_type_, optional): API key of the user making the request.
            Defaults to Depends(APIKeyBearer()).

    Returns:
        str: uuid of the requested project.
    """
    uuid = await select.project_uuid(
        parse.unquote(owner_name), parse.unquote(project_name)
    )
    if uuid is None:
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail=(
                "ERROR: Project "
                + project_name
                + " for user "
                + owner_name
                + " does not exist."
            ),
        )
    user = await select.user_by_api_key(api_key)
    await user_project_editor(uuid, user)
    return uuid


@router.post("/project", status_code=200, response_model=Project)
async def create_project(
    project: Project, response: Response, api_key=Depends(APIKeyBearer())
):
    """Create a new project.

    Args:
        project (Project): Project object.
        response (Response): response object.
        api_key (str, optional): API key.
    """
    user = await select.user_by_api_key(api_key)

    # Ensure the project view is valid
    match_instance_view(project.view)

    if await select.project_exists(user.id, project.name):
        project_uuid = await select.project_uuid(user.name, project.name)
        project.uuid = project_uuid
        await update.project(project)
        await update.project_metrics(project)
    else:
        project.uuid = str(uuid.uuid4())
        await insert.project(project, user.id)
        AmplitudeHandler().track(
            BaseEvent(
                event_type="Project Created",
                user_id=user.cognito_id,
                event_properties={"project_uuid": project.uuid},
            )
        )
        response.status_code = status.HTTP_201_CREATED
    project.owner_name = user.name
    return project


@router.post("/dataset-schema")
async def upload_dataset_schema(
    project_uuid=Form(...),
    id_column=Form(...),
    data_column=Form(None),
    label_column=Form(None),
    file: UploadFile = File(...),
    api_key=Depends(APIKeyBearer()),
):
    """Upload a dataset schema to the database. Called before uploading data.

    Args:
        project_uuid (str): the UUID of the project to add data to.
        id_column (str): the name of the column containing the ID.
        data_column (str): the name of the column containing the data.
        label_column (str): the name of the column containing the label.
        file (DatasetSchema): the dataset schema to upload.
        api_key (str, optional): API key.
    """
    user = await select.user_by_api_key(api_key)
    await user_project_editor(project_uuid, user)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=(
                "ERROR: Invalid API key. Double check your API key or generate"
                + " a new one at https://hub.zenoml.com/account."
            ),
        )
    if not await select.project_uuid_exists(project_uuid):
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail=("ERROR: Project does not exist."),
        )

    contents = await file.read()
    schema = pa.ipc.read_schema(pa.py_buffer(contents))

    res = await insert.dataset_schema(
        project_uuid, id_column, data_column, label_column, schema
    )

    AmplitudeHandler().track(
        BaseEvent(
            event_type="Dataset Uploaded",
            user_id=user.cognito_id,
            event_properties={"project_uuid": project_uuid},
        )
    )

    return res


@router.post("/dataset/{project_uuid}")
async def upload_dataset(
    project_uuid: str,
    file: UploadFile = File(...),
    api_key=Depends(APIKeyBearer()),
):
    """Upload a dataset to a Zeno project.

    Args:
        project_uuid (str): the UUID of the project to add data to.
        file (UploadFile): the dataset to upload. Serialized Arrow RecordBatch.
        api_key (str, optional): API key.
    """
    user = await select.user_by_api_key(api_key)
    await user_project_editor(project_uuid, user)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=(
                "ERROR: Invalid API key. Double check your API key or generate"
                + " a new one at https://hub.zenoml.com/account."
            ),
        )
    if not await select.project_uuid_exists(project_uuid):
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail=("ERROR: Project does not exist."),
        )

    contents = await file.read()
    reader = pa.ipc.RecordBatchFileReader(contents)
    batch = reader.get_batch(0)

    try:
        await insert.dataset(project_uuid, batch)
    except Exception as e:
        # If one of the batches fails, delete the entire dataset.
        await delete.dataset(project_uuid)
        raise HTTPException(
            status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
            detail=("ERROR: Unable to create dataset table." + str(e)),
        )


@router.post("/system-schema")
async def upload_system_schema(
    project_uuid=Form(...),
    system_name=Form(...),
    id_column=Form(...),
    output_column=Form(...),
    file: UploadFile = File(...),
    api_key=Depends(APIKeyBearer()),
):
    """Upload a dataset schema to the database. Called before uploading system.

    Args:
        project_uuid (str): the UUID of the project to add data to.
        system_name (str): the name of the system.
        id_column (str): the name of the column containing the ID.
        output_column (str): the name of the column containing the output.
        file (Schema): the system PyArrow schema to upload.
        api_key (str, optional): API key.
    """
    user = await select.user_by_api_key(api_key)
    await user_project_editor(project_uuid, user)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=(
                "ERROR: Invalid API key. Double check your API key or generate"
                + " a new one at https://hub.zenoml.com/account."
            ),
        )
    if not await select.project_uuid_exists(project_uuid):
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail=("ERROR: Project does not exist."),
        )

    contents = await file.read()
    schema = pa.ipc.read_schema(pa.py_buffer(contents))

    res = await insert.system_schema(
        project_uuid, system_name, id_column, output_column, schema
    )

    AmplitudeHandler().track(
        BaseEvent(
            event_type="System Uploaded",
            user_id=user.cognito_id,
            event_properties={"project_uuid": project_uuid},
        )
    )

    return res


@router.post("/system/{project_uuid}/{system_name}")
async def upload_system(
    project_uuid: str,
    system_name: str,
    file: UploadFile = File(...),
    api_key=Depends(APIKeyBearer()),
):
    """Upload a system to a Zeno project.

    Args:
        project_uuid (str): the UUID of the project to add the system to.
        system_name (str): the name of the system.
        file (UploadFile): the system to upload. Serialized Arrow RecordBatch.
        api_key (str, optional): API key.
    """
    user = await select.user_by_api_key(api_key)
    await user_project_editor(project_uuid, user)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail=(
                "ERROR: Invalid API key. Double check your API key or generate"
                + " a new one at https://hub.zenoml.com/account."
            ),
        )
    if not await select.project_uuid_exists(project_uuid):
        raise HTTPException(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail=("ERROR: Project does not exist."),
        )

    contents = await file.read()
    reader = pa.ipc.RecordBatchFileReader(contents)
    batch = reader.get_batch(0)

    try:
        await insert.system(project_uuid, batch)
    except Exception as e:
        # If one of the batches fails, delete the entire system.
        await delete.system(project_uuid, system_name)
        raise HTTPException(
            status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
            detail=("ERROR: Unable to upload system: " + str(e)),
        )


@router.delete("/system/{project_uuid}/{system_name}")
async def delete_system(
    project_uuid: str, system_name: str, api_key=Depends(APIKeyBearer())
):
    """Delete a system from a Zeno project.

    Args:
        project_uuid (str): the UUID of the project to delete the system from.
        system_name (str): the name of the system.
        api_key (str, optional): API key.
    """
    user = await select.user_by_api_key(api_key)
    await user_project_editor(project_uuid, user)
    await delete.system(project_uuid, system_name)


@router.delete("/systems/{project_uuid}")
async def delete_all_systems(project_uuid: str, api_key=Depends(APIKeyBearer())):
    """Delete all systems from a Zeno project.

    Args:
        project_uuid (str): the UUID of the project to delete systems from.
        api_key (str, optional): API key.
    """
    user = await select.user_by_api_key(api_key)
    await user_project_editor(project_uuid, user)
    await delete.systems(project_uuid)


@router.get("/min-client-version")
async def min_client_version():
    """Get the minimum client version required to use the server."""
    return MIN_CLIENT_VERSION
