"""The subset of FHIR R4 that billing reads, as pydantic models (unknown elements are ignored).

Amounts arrive as ``Decimal`` because the reader parses JSON with ``parse_float=Decimal``.
Dates stay text here; the mapping checks their format and names the field when it is wrong.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class Element(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class Coding(Element):
    system: str | None = None
    code: str | None = None
    display: str | None = None


class CodeableConcept(Element):
    coding: list[Coding] = []
    text: str | None = None


class Identifier(Element):
    system: str | None = None
    value: str | None = None
    type: CodeableConcept | None = None


class Reference(Element):
    reference: str | None = None
    display: str | None = None


class Period(Element):
    start: str | None = None
    end: str | None = None


class FhirMoney(Element):
    value: Decimal | None = None
    currency: str | None = None


class Quantity(Element):
    value: Decimal | None = None


class HumanName(Element):
    use: str | None = None
    family: str | None = None
    given: list[str] = []
    suffix: list[str] = []


class Address(Element):
    line: list[str] = []
    city: str | None = None
    state: str | None = None
    postalCode: str | None = None  # noqa: N815 - FHIR's element name


class ContactPoint(Element):
    system: str | None = None
    value: str | None = None


class Resource(Element):
    resourceType: str  # noqa: N815
    id: str | None = None


class Patient(Resource):
    identifier: list[Identifier] = []
    name: list[HumanName] = []
    gender: str | None = None
    birthDate: str | None = None  # noqa: N815
    address: list[Address] = []
    telecom: list[ContactPoint] = []


class Practitioner(Resource):
    identifier: list[Identifier] = []
    name: list[HumanName] = []


class Organization(Resource):
    identifier: list[Identifier] = []
    name: str | None = None
    type: list[CodeableConcept] = []
    address: list[Address] = []


class RelatedPerson(Resource):
    name: list[HumanName] = []
    gender: str | None = None
    birthDate: str | None = None  # noqa: N815


class CoverageClass(Element):
    type: CodeableConcept
    value: str
    name: str | None = None


class Coverage(Resource):
    identifier: list[Identifier] = []
    status: str | None = None
    subscriber: Reference | None = None
    subscriberId: str | None = None  # noqa: N815
    beneficiary: Reference
    relationship: CodeableConcept | None = None
    period: Period | None = None
    payor: list[Reference] = Field(min_length=1)
    classes: list[CoverageClass] = Field(default=[], alias="class")
    order: int | None = None


class Condition(Resource):
    code: CodeableConcept | None = None


class EncounterParticipant(Element):
    type: list[CodeableConcept] = []
    individual: Reference | None = None


class EncounterDiagnosis(Element):
    condition: Reference
    rank: int | None = None


class Encounter(Resource):
    status: str | None = None
    class_: Coding | None = Field(default=None, alias="class")
    subject: Reference | None = None
    participant: list[EncounterParticipant] = []
    period: Period | None = None
    reasonCode: list[CodeableConcept] = []  # noqa: N815
    diagnosis: list[EncounterDiagnosis] = []


class CareTeam(Element):
    sequence: int
    provider: Reference


class ClaimDiagnosis(Element):
    sequence: int
    diagnosisCodeableConcept: CodeableConcept | None = None  # noqa: N815
    diagnosisReference: Reference | None = None  # noqa: N815


class ClaimInsurance(Element):
    sequence: int | None = None
    focal: bool | None = None
    coverage: Reference


class ClaimItem(Element):
    sequence: int
    careTeamSequence: list[int] = []  # noqa: N815
    diagnosisSequence: list[int] = []  # noqa: N815
    productOrService: CodeableConcept  # noqa: N815
    modifier: list[CodeableConcept] = []
    servicedDate: str | None = None  # noqa: N815
    servicedPeriod: Period | None = None  # noqa: N815
    locationCodeableConcept: CodeableConcept | None = None  # noqa: N815
    quantity: Quantity | None = None
    unitPrice: FhirMoney | None = None  # noqa: N815
    net: FhirMoney | None = None
    encounter: list[Reference] = []


class Claim(Resource):
    status: str | None = None
    use: str | None = None
    patient: Reference
    billablePeriod: Period | None = None  # noqa: N815
    provider: Reference | None = None
    careTeam: list[CareTeam] = []  # noqa: N815
    diagnosis: list[ClaimDiagnosis] = []
    insurance: list[ClaimInsurance] = []
    item: list[ClaimItem] = []


class ChargeItemPerformer(Element):
    actor: Reference


class ChargeItem(Resource):
    status: str | None = None
    code: CodeableConcept
    subject: Reference
    context: Reference | None = None
    occurrenceDateTime: str | None = None  # noqa: N815
    occurrencePeriod: Period | None = None  # noqa: N815
    performer: list[ChargeItemPerformer] = []
    quantity: Quantity | None = None
    priceOverride: FhirMoney | None = None  # noqa: N815
    reason: list[CodeableConcept] = []


MODELS: dict[str, type[Resource]] = {
    m.__name__: m
    for m in (
        Patient,
        Practitioner,
        Organization,
        RelatedPerson,
        Coverage,
        Condition,
        Encounter,
        Claim,
        ChargeItem,
    )
}
"""The resource types the importer reads; any other type is counted as ignored."""
