"""(being built) the settings area: pages and /api/ routes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
