"""intake: coverages.member_id encrypted at rest (AES-GCM) with a keyed blind index for lookups

Revision ID: intake_0002
Revises: intake_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "intake_0002"
down_revision = "intake_0001"
branch_labels = None
depends_on = None

PURPOSE = "coverages.member_id"


def upgrade() -> None:
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id_ciphertext", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("member_id_index", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    coverages = sa.table(
        "coverages",
        sa.column("id", sa.Integer),
        sa.column("member_id", sa.String),
        sa.column("member_id_ciphertext", sa.Text),
        sa.column("member_id_index", sa.String),
    )
    rows = connection.execute(sa.select(coverages.c.id, coverages.c.member_id)).all()
    if rows:  # the key ring is read (or created) only when there is something to encrypt
        from revcycle.kit.crypto import key_ring

        ring = key_ring()
        for ident, member_id in rows:
            connection.execute(
                sa.update(coverages)
                .where(coverages.c.id == ident)
                .values(
                    member_id_ciphertext=ring.encrypt(member_id, purpose=PURPOSE),
                    member_id_index=ring.blind_index(member_id, purpose=PURPOSE),
                )
            )
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.alter_column("member_id_ciphertext", existing_type=sa.Text(), nullable=False)
        batch_op.alter_column("member_id_index", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_coverages_member_id_index"), ["member_id_index"], unique=False)
        batch_op.drop_column("member_id")


def downgrade() -> None:
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.String(length=80), nullable=True))
    connection = op.get_bind()
    coverages = sa.table(
        "coverages",
        sa.column("id", sa.Integer),
        sa.column("member_id", sa.String),
        sa.column("member_id_ciphertext", sa.Text),
    )
    rows = connection.execute(sa.select(coverages.c.id, coverages.c.member_id_ciphertext)).all()
    if rows:
        from revcycle.kit.crypto import key_ring

        ring = key_ring()
        for ident, ciphertext in rows:
            connection.execute(
                sa.update(coverages)
                .where(coverages.c.id == ident)
                .values(member_id=ring.decrypt(ciphertext, purpose=PURPOSE))
            )
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.alter_column("member_id", existing_type=sa.String(length=80), nullable=False)
        batch_op.drop_index(batch_op.f("ix_coverages_member_id_index"))
        batch_op.drop_column("member_id_index")
        batch_op.drop_column("member_id_ciphertext")
