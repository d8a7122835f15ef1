"""The national declaration form (申报表): build it, write it, read it back, audit it.

Sits above the evaluation and the audit, below the report and the command line.
"""

from __future__ import annotations

from qbalance.form.tables import (
    BasicsTable,
    CVRow,
    CVTable,
    DeclarationForm,
    Figure,
    ItemRow,
    ItemsTable,
    RuleSummaryRow,
    RuleSummaryTable,
    SchoolNote,
    SchoolRow,
    SchoolRowsTable,
    SurveyRow,
    SurveyTable,
    TableId,
    declaration_form,
)
from qbalance.form.check import audit_form, audit_forms
from qbalance.form.read import CellRef, FormReadError, FormSource, read_declaration_form
from qbalance.form.write import write_declaration_form

__all__ = [
    "BasicsTable",
    "CellRef",
    "CVRow",
    "CVTable",
    "DeclarationForm",
    "Figure",
    "FormReadError",
    "FormSource",
    "ItemRow",
    "ItemsTable",
    "RuleSummaryRow",
    "RuleSummaryTable",
    "SchoolNote",
    "SchoolRow",
    "SchoolRowsTable",
    "SurveyRow",
    "SurveyTable",
    "TableId",
    "audit_form",
    "audit_forms",
    "declaration_form",
    "read_declaration_form",
    "write_declaration_form",
]
