"""(being built) the importing area: pages and /api/ routes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
