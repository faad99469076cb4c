"""Security: roles, the permission matrix, the signed-in principal, sessions, and the audit chain.

Pure: no database, no web, no files. The permission matrix is data (``MATRIX``): every permission
names the roles that hold it, and anything not listed is refused (deny by default).
"""

from revcycle.security.domain.access import *  # noqa: F403
from revcycle.security.domain.audit import *  # noqa: F403
