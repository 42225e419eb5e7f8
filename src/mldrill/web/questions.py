"""(being built) the questions area: pages and /api/ routes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
