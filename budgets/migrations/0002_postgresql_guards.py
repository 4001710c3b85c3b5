"""PostgreSQL guards behind the services' own checks: no two published versions overlap, a
published version's amounts never change, and a saved calculation is never changed or deleted.

SQLite has no exclusion constraints; there the services are the only guard (tested on both).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FORWARD = """
ALTER TABLE budgets_budgetversion ADD CONSTRAINT budgetversion_published_no_overlap
    EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
    WHERE (status = 'published');
ALTER TABLE budgets_aidpolicy ADD CONSTRAINT aidpolicy_published_no_overlap
    EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
    WHERE (status = 'published');

-- A published version may only have its open end closed (by publishing its successor).
CREATE FUNCTION budgets_published_version_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status = 'published' THEN
            RAISE EXCEPTION 'a published version cannot be deleted';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'published' THEN
        IF (to_jsonb(NEW) - 'valid_to') IS DISTINCT FROM (to_jsonb(OLD) - 'valid_to')
           OR (NEW.valid_to IS DISTINCT FROM OLD.valid_to AND OLD.valid_to IS NOT NULL) THEN
            RAISE EXCEPTION 'a published version never changes';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budgetversion_published_guard BEFORE UPDATE OR DELETE ON budgets_budgetversion
    FOR EACH ROW EXECUTE FUNCTION budgets_published_version_guard();
CREATE TRIGGER aidpolicy_published_guard BEFORE UPDATE OR DELETE ON budgets_aidpolicy
    FOR EACH ROW EXECUTE FUNCTION budgets_published_version_guard();

CREATE FUNCTION budgets_published_amount_guard() RETURNS trigger AS $$
BEGIN
    -- The row's version before and after: an amount may not leave or enter a published one.
    IF EXISTS (SELECT 1 FROM budgets_budgetversion
               WHERE status = 'published'
                 AND id IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.version_id END,
                            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.version_id END)) THEN
        RAISE EXCEPTION 'the amounts of a published version never change';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budgetamount_published_guard BEFORE INSERT OR UPDATE OR DELETE
    ON budgets_budgetamount
    FOR EACH ROW EXECUTE FUNCTION budgets_published_amount_guard();

CREATE FUNCTION budgets_calculation_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a saved aid calculation never changes';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER aidcalculation_immutable BEFORE UPDATE OR DELETE ON budgets_aidcalculation
    FOR EACH ROW EXECUTE FUNCTION budgets_calculation_guard();
"""

BACKWARD = """
DROP TRIGGER aidcalculation_immutable ON budgets_aidcalculation;
DROP FUNCTION budgets_calculation_guard();
DROP TRIGGER budgetamount_published_guard ON budgets_budgetamount;
DROP FUNCTION budgets_published_amount_guard();
DROP TRIGGER aidpolicy_published_guard ON budgets_aidpolicy;
DROP TRIGGER budgetversion_published_guard ON budgets_budgetversion;
DROP FUNCTION budgets_published_version_guard();
ALTER TABLE budgets_aidpolicy DROP CONSTRAINT aidpolicy_published_no_overlap;
ALTER TABLE budgets_budgetversion DROP CONSTRAINT budgetversion_published_no_overlap;
"""


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
