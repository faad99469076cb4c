"""The CMS-1500 (02/12) grid: 8.5 x 11 in, 10 characters an inch and 6 lines an inch (85 columns,
66 lines), the way the red form is printed on. Every box is a block of columns and lines; its
rectangle in PDF points (origin at the bottom left) is what the renderer draws and what tests
compare text positions with.

Columns count from 1 at a quarter inch from the left edge; lines count from 1 at the top.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_WIDTH = 612.0
PAGE_HEIGHT = 792.0
CHAR = 7.2
"""One column: a tenth of an inch (Courier 12 is exactly 10 pitch)."""
LINE = 12.0
"""One line: a sixth of an inch."""
LEFT = 18.0
"""Column 1 starts a quarter inch from the left edge."""
LINES_PER_PAGE = 6
"""Service lines in box 24 on one form."""


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points: ``x0 <= x <= x1``, ``y0 <= y <= y1`` (y grows upwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, x: float, y: float, slack: float = 0.5) -> bool:
        return self.x0 - slack <= x <= self.x1 + slack and self.y0 - slack <= y <= self.y1 + slack


def col_x(col: int) -> float:
    """The left edge of a column."""
    return LEFT + (col - 1) * CHAR


def line_top(line: int) -> float:
    return PAGE_HEIGHT - (line - 1) * LINE


def baseline(line: int) -> float:
    """Where the text of a line sits (a little above the line's bottom, for descenders)."""
    return PAGE_HEIGHT - line * LINE + 2.5


def block(col0: int, col1: int, line0: int, line1: int) -> Rect:
    """The rectangle of columns ``col0..col1`` and lines ``line0..line1`` (both inclusive)."""
    return Rect(col_x(col0), PAGE_HEIGHT - line1 * LINE, col_x(col1 + 1), line_top(line0))


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    col0: int
    col1: int
    line0: int
    line1: int

    @property
    def rect(self) -> Rect:
        return block(self.col0, self.col1, self.line0, self.line1)


_B = Box
BOX_LIST: tuple[Box, ...] = (
    _B("1", "1. INSURANCE TYPE (program)", 1, 49, 7, 8),
    _B("1a", "1a. INSURED'S I.D. NUMBER (For Program in Item 1)", 50, 80, 7, 8),
    _B("2", "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)", 1, 29, 9, 10),
    _B("3", "3. PATIENT'S BIRTH DATE (MM DD YYYY)   SEX", 30, 49, 9, 10),
    _B("4", "4. INSURED'S NAME (Last Name, First Name, Middle Initial)", 50, 80, 9, 10),
    _B("5", "5. PATIENT'S ADDRESS (No., Street)", 1, 29, 11, 12),
    _B("6", "6. PATIENT RELATIONSHIP TO INSURED", 30, 49, 11, 12),
    _B("7", "7. INSURED'S ADDRESS (No., Street)", 50, 80, 11, 12),
    _B("5city", "CITY", 1, 25, 13, 14),
    _B("5state", "STATE", 26, 29, 13, 14),
    _B("8", "8. RESERVED FOR NUCC USE", 30, 49, 13, 16),
    _B("7city", "CITY", 50, 74, 13, 14),
    _B("7state", "STATE", 75, 80, 13, 14),
    _B("5zip", "ZIP CODE", 1, 12, 15, 16),
    _B("5phone", "TELEPHONE (Include Area Code)", 13, 29, 15, 16),
    _B("7zip", "ZIP CODE", 50, 62, 15, 16),
    _B("7phone", "TELEPHONE (Include Area Code)", 63, 80, 15, 16),
    _B("9", "9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)", 1, 29, 17, 18),
    _B("10", "10. IS PATIENT'S CONDITION RELATED TO:", 30, 49, 17, 18),
    _B("11", "11. INSURED'S POLICY GROUP OR FECA NUMBER", 50, 80, 17, 18),
    _B("9a", "a. OTHER INSURED'S POLICY OR GROUP NUMBER", 1, 29, 19, 20),
    _B("10a", "a. EMPLOYMENT? (Current or Previous)", 30, 49, 19, 20),
    _B("11a", "a. INSURED'S DATE OF BIRTH (MM DD YYYY)   SEX", 50, 80, 19, 20),
    _B("9b", "b. RESERVED FOR NUCC USE", 1, 29, 21, 22),
    _B("10b", "b. AUTO ACCIDENT?            PLACE (State)", 30, 49, 21, 22),
    _B("11b", "b. OTHER CLAIM ID (Designated by NUCC)", 50, 80, 21, 22),
    _B("9c", "c. RESERVED FOR NUCC USE", 1, 29, 23, 24),
    _B("10c", "c. OTHER ACCIDENT?", 30, 49, 23, 24),
    _B("11c", "c. INSURANCE PLAN NAME OR PROGRAM NAME", 50, 80, 23, 24),
    _B("9d", "d. INSURANCE PLAN NAME OR PROGRAM NAME", 1, 29, 25, 26),
    _B("10d", "10d. CLAIM CODES (Designated by NUCC)", 30, 49, 25, 26),
    _B("11d", "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?", 50, 80, 25, 26),
    _B(
        "12",
        "READ BACK OF FORM BEFORE COMPLETING & SIGNING THIS FORM.  12. PATIENT'S OR AUTHORIZED "
        "PERSON'S SIGNATURE",
        1,
        49,
        27,
        30,
    ),
    _B(
        "13",
        "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE (payment to the physician or supplier)",
        50,
        80,
        27,
        30,
    ),
    _B("14", "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)", 1, 29, 31, 32),
    _B("15", "15. OTHER DATE", 30, 49, 31, 32),
    _B("16", "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION", 50, 80, 31, 32),
    _B("17", "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE", 1, 29, 33, 34),
    _B("17a", "17a.", 30, 49, 33, 33),
    _B("17b", "17b. NPI", 30, 49, 34, 34),
    _B("18", "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES", 50, 80, 33, 34),
    _B("19", "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)", 1, 49, 35, 36),
    _B("20", "20. OUTSIDE LAB?                 $ CHARGES", 50, 80, 35, 36),
    _B(
        "21",
        "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)",
        1,
        49,
        37,
        40,
    ),
    _B("22", "22. RESUBMISSION CODE          ORIGINAL REF. NO.", 50, 80, 37, 38),
    _B("23", "23. PRIOR AUTHORIZATION NUMBER", 50, 80, 39, 40),
    _B("24", "24.", 1, 80, 41, 54),
    _B("25", "25. FEDERAL TAX I.D. NUMBER   SSN EIN", 1, 22, 55, 56),
    _B("26", "26. PATIENT'S ACCOUNT NO.", 23, 38, 55, 56),
    _B("27", "27. ACCEPT ASSIGNMENT?", 39, 49, 55, 56),
    _B("28", "28. TOTAL CHARGE", 50, 61, 55, 56),
    _B("29", "29. AMOUNT PAID", 62, 71, 55, 56),
    _B("30", "30. Rsvd for NUCC Use", 72, 80, 55, 56),
    _B("31", "31. SIGNATURE OF PHYSICIAN OR SUPPLIER INCLUDING DEGREES OR CREDENTIALS", 1, 22, 57, 62),
    _B("32", "32. SERVICE FACILITY LOCATION INFORMATION", 23, 49, 57, 60),
    _B("32a", "a.", 23, 35, 61, 62),
    _B("32b", "b.", 36, 49, 61, 62),
    _B("33", "33. BILLING PROVIDER INFO & PH #", 50, 80, 57, 60),
    _B("33a", "a.", 50, 62, 61, 62),
    _B("33b", "b.", 63, 80, 61, 62),
)
BOXES: dict[str, Box] = {b.key: b for b in BOX_LIST}

# Box 24: the columns of one service line (the shaded upper half is for supplemental information).
LINE_COLUMNS: dict[str, tuple[int, int, str]] = {
    "24A": (1, 18, "A. DATE(S) OF SERVICE\nFrom MM DD YY   To MM DD YY"),
    "24B": (19, 21, "B.\nPOS"),
    "24C": (22, 23, "C.\nEMG"),
    "24D": (24, 43, "D. PROCEDURES, SERVICES, OR SUPPLIES\nCPT/HCPCS       MODIFIER"),
    "24E": (44, 48, "E. DIAG.\nPOINTER"),
    "24F": (49, 59, "F.\n$ CHARGES"),
    "24G": (60, 63, "G. DAYS\nOR UNITS"),
    "24H": (64, 65, "H.\nEPSDT"),
    "24I": (66, 68, "I. ID.\nQUAL."),
    "24J": (69, 80, "J. RENDERING\nPROVIDER ID. #"),
}
FIRST_SERVICE_LINE = 43
"""The shaded line of service line 1; its data line is the next one; each line takes two."""


INSURANCE_TYPES: tuple[tuple[str, int], ...] = (
    ("MEDICARE", 1),
    ("MEDICAID", 8),
    ("TRICARE", 15),
    ("CHAMPVA", 22),
    ("GROUP HEALTH PLAN", 29),
    ("FECA BLK LUNG", 38),
    ("OTHER", 45),
)
"""Box 1: the program and the column of its check mark (on line 8)."""
RELATIONSHIPS: tuple[tuple[str, str, int], ...] = (
    ("18", "SELF", 31),
    ("01", "SPOUSE", 35),
    ("19", "CHILD", 40),
    ("", "OTHER", 44),
)
"""Box 6: (SBR02/PAT01 code, label, check column); any other code is "other"."""
YES_COL, NO_COL = 35, 42
"""Boxes 10a-c."""
ANOTHER_PLAN_YES, ANOTHER_PLAN_NO = 52, 57
"""Box 11d (and box 20)."""
SSN_COL, EIN_COL = 16, 20
"""Box 25."""
ASSIGNMENT_YES, ASSIGNMENT_NO = 40, 45
"""Box 27."""
SEX_COLUMNS = {"3": (43, 47), "11a": (68, 75)}
"""(M, F) check columns of boxes 3 and 11a."""

CHECKBOXES: tuple[tuple[int, int, str], ...] = (
    *((8, col, name) for name, col in INSURANCE_TYPES),
    (10, SEX_COLUMNS["3"][0], "M"),
    (10, SEX_COLUMNS["3"][1], "F"),
    *((12, col, label) for _, label, col in RELATIONSHIPS),
    *((line, col, label) for line in (20, 22, 24) for col, label in ((YES_COL, "YES"), (NO_COL, "NO"))),
    (20, SEX_COLUMNS["11a"][0], "M"),
    (20, SEX_COLUMNS["11a"][1], "F"),
    (26, ANOTHER_PLAN_YES, "YES"),
    (26, ANOTHER_PLAN_NO, "NO"),
    (36, ANOTHER_PLAN_YES, "YES"),
    (36, ANOTHER_PLAN_NO, "NO"),
    (56, SSN_COL, "SSN"),
    (56, EIN_COL, "EIN"),
    (56, ASSIGNMENT_YES, "YES"),
    (56, ASSIGNMENT_NO, "NO"),
)
"""Every check box on the form: (line, column, label printed beside it)."""
PHONE_AREA_COLUMNS: tuple[tuple[int, int], ...] = ((16, 14), (16, 63), (57, 67))
"""Where a telephone's area code goes in parentheses (boxes 5, 7 and 33): (line, "(" column)."""


def service_lines(index: int) -> tuple[int, int]:
    """The (shaded, data) line numbers of service line ``index`` (0 to 5) on a page."""
    shaded = FIRST_SERVICE_LINE + 2 * index
    return shaded, shaded + 1


def cell(column: str, index: int) -> Rect:
    """The rectangle of one column of box 24 (``"24F"``) on service line ``index`` (both halves)."""
    col0, col1, _ = LINE_COLUMNS[column]
    shaded, data = service_lines(index)
    return block(col0, col1, shaded, data)


def rect(key: str) -> Rect:
    """The rectangle of a box (``"26"``, ``"33a"``)."""
    return BOXES[key].rect
