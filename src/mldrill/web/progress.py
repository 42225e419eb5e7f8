"""(being built) the progress area: pages and /api/ routes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
