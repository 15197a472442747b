from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from citykg.api import service
from citykg.api.deps import PageParams, Store, require_api_key
from citykg.api.errors import ApiError
from citykg.api.models import DocumentDetail, DocumentIn, Documents, IngestResult, error_responses

router = APIRouter(prefix="/documents", tags=["documents"])

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": DocumentIn.model_json_schema(),
                "example": DocumentIn.model_config["json_schema_extra"]["examples"][0],
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "minLength": 1,
                            "description": "txt, html, pdf, docx, hwp or hwpx",
                        }
                    },
                }
            },
        },
    }
}


@router.get("", response_model=Documents, responses=error_responses(422, 503))
def list_documents(store: Store, page: PageParams) -> dict:
    """Documents in the graph, newest first, with how many entities each mentions."""
    return service.list_documents(store, limit=page.limit, offset=page.offset)


@router.get("/{doc_id:path}", response_model=DocumentDetail, responses=error_responses(404, 503))
def get_document(store: Store, doc_id: str) -> dict:
    """A document's metadata, its publisher, the entities and relations extracted from it (offsets)."""
    return service.get_document(store, doc_id)


@router.post(
    "",
    response_model=IngestResult,
    status_code=201,
    dependencies=[Depends(require_api_key)],
    responses=error_responses(400, 401, 403, 413, 415, 422, 503),
    openapi_extra=_INGEST_BODY,
)
async def add_document(store: Store, request: Request) -> dict:
    """Extract a document (JSON text or an uploaded file), load it into the graph and return what was added.

    Needs the `X-API-Key` header equal to CITYKG_API_KEY; refused when no key is configured.
    """
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            doc = DocumentIn.model_validate(json.loads((await request.body()).decode("utf-8")))
        except UnicodeDecodeError as e:
            raise ApiError(400, "bad_request", f"the body is not UTF-8 ({e.reason} at byte {e.start})") from None
        except json.JSONDecodeError as e:
            raise ApiError(422, "validation_error", f"the body is not valid JSON: {e}") from None
        except RecursionError:
            raise ApiError(400, "bad_request", "the JSON body is nested too deeply") from None
        except ValidationError as e:
            raise RequestValidationError(
                [{**err, "loc": ("body", *err["loc"])} for err in e.errors()]
            ) from None
        return await run_in_threadpool(service.ingest_text, store, doc.text, doc.title, doc.date, doc.source)
    if ctype == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "validation_error", "multipart body needs a 'file' field with the document")
        content = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "too_large", f"{upload.filename}: larger than {MAX_UPLOAD_BYTES // 2**20} MB")
        if not content:
            raise ApiError(422, "validation_error", f"{upload.filename}: the file is empty")
        try:
            return await run_in_threadpool(
                service.ingest_file, store, upload.filename or "upload.txt", content
            )
        except (ValueError, OSError) as e:
            said = str(e)
            if not said.startswith(f"{upload.filename}:"):
                said = f"{upload.filename}: {said}"
            raise ApiError(422, "unreadable_document", said) from None
    raise ApiError(
        415, "unsupported_media_type", "send application/json {text, title, date} or multipart/form-data"
    )
