"""The review pages appear in the navigation of exactly the roles that hold their permission."""

from __future__ import annotations

import re

from revcycle.security.domain import Role, permissions_for

REVIEW_LINKS = {
    "/break-glass": "break_glass:review",
    "/disclosures": "disclosures:read",
    "/coding-audits": "coding_audit:read",
}


def _nav_links(page: str) -> list[str]:
    nav = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    return re.findall(r'href="([^"]+)"', nav)


def test_each_review_page_is_in_the_navigation_of_the_roles_holding_its_permission(pages_for):
    for role in Role:
        links = _nav_links(pages_for(role.value).get("/").text)
        held = permissions_for(role)
        for href, permission in REVIEW_LINKS.items():
            assert (href in links) == (permission in held), f"{role} {href}"
        # one "Disclosures" item: the accounting for those who read it, else the form to record one
        recording_only = "disclosures:write" in held and "disclosures:read" not in held
        assert ("/disclosures/new" in links) == recording_only, role
