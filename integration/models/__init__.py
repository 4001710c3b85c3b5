"""The right to social integration (law of 26 May 2002, royal decree of 11 July 2002): the
yearly amounts per category, the eligibility check and the calculation of a leefloon request,
the granted leefloon with its amounts over time, the GPMI with its evaluations, and art. 60
employment."""

from integration.models.employment import Art60Contract, Employer
from integration.models.files import (
    CALCULATION_LINK,
    LEEFLOON_KIND,
    Condition,
    Eligibility,
    GrantAmount,
    LeefloonCalculation,
    LeefloonGrant,
    MinorGround,
    OtherRight,
    WorkWillingness,
)
from integration.models.gpmi import GpmiContract, GpmiEvaluation
from integration.models.scales import Category, LeefloonScale, ScaleStatus

__all__ = [
    "CALCULATION_LINK",
    "LEEFLOON_KIND",
    "Art60Contract",
    "Category",
    "Condition",
    "Eligibility",
    "Employer",
    "GpmiContract",
    "GpmiEvaluation",
    "GrantAmount",
    "LeefloonCalculation",
    "LeefloonGrant",
    "LeefloonScale",
    "MinorGround",
    "OtherRight",
    "ScaleStatus",
    "WorkWillingness",
]
