"""HL7 v2 DFT^P03 test messages with invented people, built field by field."""

from __future__ import annotations


def segment(name: str, fields: dict[int, str]) -> str:
    """``name|f1|f2...`` with the given fields at their numbers (MSH counts its separator as 1)."""
    top = max(fields)
    start = 2 if name == "MSH" else 1
    values = [fields.get(i, "") for i in range(start, top + 1)]
    return "|".join([name, *values]) if name != "MSH" else "MSH|" + "|".join(values)


def dft(
    *,
    control: str = "MSG00017",
    visit: str = "V88120",
    dob: str = "19850722",
    charge: str = "180.00",
    in1: bool = True,
) -> str:
    segs = [
        segment(
            "MSH",
            {
                2: "^~\\&",
                3: "NORTHCHART",
                4: "ASPEN FAMILY MED",
                5: "REVCYCLE",
                7: "20240502101500",
                9: "DFT^P03",
                10: control,
                11: "P",
                12: "2.5.1",
            },
        ),
        segment("EVN", {1: "P03", 2: "20240502101500"}),
        segment(
            "PID",
            {
                1: "1",
                3: "MRN44120^^^ASPEN^MR",
                5: "Thistlewood^Marcus^Alan",
                7: dob,
                8: "M",
                11: "77 Juniper Ct^^Fort Collins^CO^80521",
                13: "9705550133",
            },
        ),
        segment("PV1", {1: "1", 2: "O", 7: "1245319599^Ostrander^Felix", 19: visit, 44: "20240502093000"}),
        segment(
            "FT1",
            {
                1: "1",
                4: "20240502",
                6: "CG",
                7: "99214^Office visit^CPT",
                10: "1",
                11: charge,
                19: "J01.90^^I10",
                20: "1245319599^Ostrander^Felix",
                25: "99214^^CPT",
                26: "25",
            },
        ),
        segment(
            "FT1",
            {
                1: "2",
                4: "20240502",
                6: "CG",
                7: "87880^Strep test^CPT",
                10: "1",
                11: "35.50",
                19: "J02.0^^I10~J01.90^^I10",
                20: "1245319599^Ostrander^Felix",
                25: "87880^^CPT",
                26: "QW",
            },
        ),
        segment("DG1", {1: "1", 2: "I10", 3: "J01.90^Acute sinusitis, unspecified^I10", 6: "F"}),
        segment("DG1", {1: "2", 2: "I10", 3: "J02.0^Streptococcal pharyngitis^I10", 6: "F"}),
    ]
    if in1:
        segs.append(
            segment(
                "IN1",
                {
                    1: "1",
                    2: "GOLD01",
                    3: "PEAK01",
                    4: "Peak Mutual Insurance",
                    8: "GRP-5512",
                    12: "20230101",
                    16: "Thistlewood^Marcus^Alan",
                    17: "SEL",
                    18: "19850722",
                    36: "PMI7730021",
                },
            )
        )
    return "\r".join(segs) + "\r"
