#include "PostgresSchema.h"

#include <array>

namespace coursemap::pgschema {

namespace {

// Version 1. The records of every program, keyed by (program_key, id), with the columns of file format 4 and
// the same revision contract (programs.revision, a revision per record, tombstones, a revision log).
//
// Who may change what is the server's to enforce: every user connects as a role of their own, member of
// coursemap_user, and the rows they may write are decided by row-level security from coursemap.grants
// (administrator: everything in the program; course-director: their courses, what is in them and the links
// from them, comments anywhere; reviewer: comments and review statuses; reader: nothing). Triggers keep the
// review rules: a reviewer changes only statuses; every status is the last entry of its item's history, each
// entry follows the one before it (draft → in review → changes requested or approved; back to in review or
// draft), and records the database user who made it. The owner of the schema (who ran `coursemap server
// init`) administers the server: creates programs and grants.
constexpr std::string_view v1 = R"sql(
CREATE SCHEMA coursemap;
CREATE TABLE coursemap.schema_version (version integer NOT NULL);
INSERT INTO coursemap.schema_version VALUES (0);

CREATE TABLE coursemap.programs (
    key      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code     text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 200),
    revision bigint NOT NULL DEFAULT 0,
    next_id  bigint NOT NULL DEFAULT 1
);
CREATE TABLE coursemap.grants (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    db_user     name NOT NULL,
    role        text NOT NULL CHECK (role IN ('administrator', 'course-director', 'reviewer', 'reader')),
    course_id   bigint,
    CHECK ((role = 'course-director') = (course_id IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (program_key, db_user, role, course_id)
);

CREATE TABLE coursemap.program (
    program_key      bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id               bigint NOT NULL,
    name             text NOT NULL,
    institution      text NOT NULL,
    degree           text NOT NULL,
    length_years     bigint NOT NULL,
    description      text NOT NULL,
    hours_per_credit double precision NOT NULL,
    revision         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.framework (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id          bigint NOT NULL,
    ord         bigint NOT NULL,
    name        text NOT NULL,
    publisher   text NOT NULL,
    version     text NOT NULL,
    description text NOT NULL,
    revision    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.competency (
    program_key  bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id           bigint NOT NULL,
    framework_id bigint NOT NULL,
    parent_id    bigint,
    ord          bigint NOT NULL,
    code         text NOT NULL,
    title        text NOT NULL,
    description  text NOT NULL,
    revision     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.course (
    program_key      bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id               bigint NOT NULL,
    ord              bigint NOT NULL,
    code             text NOT NULL,
    title            text NOT NULL,
    year             bigint NOT NULL,
    term             text NOT NULL,
    credits          double precision NOT NULL,
    contact_hours    double precision NOT NULL,
    self_study_hours double precision NOT NULL,
    description      text NOT NULL,
    prerequisites    text NOT NULL,
    director         text NOT NULL,
    delivery_mode    text NOT NULL,
    status           text NOT NULL,
    revision         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.objective (
    program_key    bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id             bigint NOT NULL,
    course_id      bigint NOT NULL,
    ord            bigint NOT NULL,
    text           text NOT NULL,
    bloom_override text,
    domain         text,
    miller_target  text,
    status         text NOT NULL,
    revision       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.activity (
    program_key       bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id                bigint NOT NULL,
    course_id         bigint NOT NULL,
    ord               bigint NOT NULL,
    title             text NOT NULL,
    method            text NOT NULL,
    learning_type     text,
    week              bigint,
    minutes           bigint NOT NULL,
    interprofessional boolean NOT NULL,
    description       text NOT NULL,
    status            text NOT NULL,
    revision          bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.assessment (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id          bigint NOT NULL,
    course_id   bigint NOT NULL,
    ord         bigint NOT NULL,
    title       text NOT NULL,
    method      text NOT NULL,
    summative   boolean NOT NULL,
    weight      double precision NOT NULL,
    week        bigint,
    description text NOT NULL,
    status      text NOT NULL,
    revision    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.comment (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id          bigint NOT NULL,
    item_id     bigint NOT NULL,
    parent_id   bigint,
    target_id   bigint,
    author      text NOT NULL,
    created_at  text NOT NULL,
    text        text NOT NULL,
    resolved    boolean NOT NULL,
    revision    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.acknowledgement (
    program_key   bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id            bigint NOT NULL,
    item_id       bigint NOT NULL,
    rule          text NOT NULL,
    justification text NOT NULL,
    author        text NOT NULL,
    created_at    text NOT NULL,
    revision      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.status_change (
    program_key   bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id            bigint NOT NULL,
    item_id       bigint NOT NULL,
    status        text NOT NULL,
    author        text NOT NULL,
    created_at    text NOT NULL,
    justification text NOT NULL,
    db_user       name NOT NULL DEFAULT current_user,
    revision      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.link (
    program_key  bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    kind         text NOT NULL,
    objective_id bigint NOT NULL,
    target_id    bigint NOT NULL,
    share        double precision,
    contribution text,
    revision     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, kind, objective_id, target_id)
);
CREATE TABLE coursemap.removed_item (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id          bigint NOT NULL,
    revision    bigint NOT NULL,
    PRIMARY KEY (program_key, id)
);
CREATE TABLE coursemap.removed_link (
    program_key  bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    kind         text NOT NULL,
    objective_id bigint NOT NULL,
    target_id    bigint NOT NULL,
    revision     bigint NOT NULL,
    PRIMARY KEY (program_key, kind, objective_id, target_id)
);
CREATE TABLE coursemap.revision_log (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    revision    bigint NOT NULL,
    author      text NOT NULL,
    program     text NOT NULL,
    description text NOT NULL,
    created_at  text NOT NULL,
    db_user     name NOT NULL DEFAULT current_user,
    token       text NOT NULL,
    PRIMARY KEY (program_key, revision)
);
CREATE TABLE coursemap.version (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    name        text NOT NULL,
    author      text NOT NULL,
    created_at  text NOT NULL,
    content     text NOT NULL,
    PRIMARY KEY (program_key, name)
);
CREATE INDEX ON coursemap.program (program_key, revision);
CREATE INDEX ON coursemap.framework (program_key, revision);
CREATE INDEX ON coursemap.competency (program_key, revision);
CREATE INDEX ON coursemap.course (program_key, revision);
CREATE INDEX ON coursemap.objective (program_key, revision);
CREATE INDEX ON coursemap.activity (program_key, revision);
CREATE INDEX ON coursemap.assessment (program_key, revision);
CREATE INDEX ON coursemap.comment (program_key, revision);
CREATE INDEX ON coursemap.acknowledgement (program_key, revision);
CREATE INDEX ON coursemap.status_change (program_key, revision);
CREATE INDEX ON coursemap.status_change (program_key, item_id, id);
CREATE INDEX ON coursemap.link (program_key, revision);
CREATE INDEX ON coursemap.removed_item (program_key, revision);
CREATE INDEX ON coursemap.removed_link (program_key, revision);

-- Rights. `who` is passed by the policy (evaluated as the user); these functions run as the owner so that they
-- can read the grants whatever the caller may see.
CREATE FUNCTION coursemap.allowed(p bigint, who name, roles text[], course bigint)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM coursemap.grants g
        WHERE g.program_key = p AND g.db_user = who
          AND (g.role = 'administrator'
               OR (g.role = ANY (roles) AND (g.role <> 'course-director' OR g.course_id = course))))
$$;
-- Any of the roles, on any course.
CREATE FUNCTION coursemap.allowed_any(p bigint, who name, roles text[])
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM coursemap.grants g
        WHERE g.program_key = p AND g.db_user = who AND (g.role = 'administrator' OR g.role = ANY (roles)))
$$;
-- The course an item belongs to (a course is its own; a comment's is its subject's), or null.
CREATE FUNCTION coursemap.course_of(p bigint, item bigint)
RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k bigint := item;
    c bigint;
BEGIN
    FOR depth IN 1..100 LOOP
        PERFORM 1 FROM coursemap.course WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN k; END IF;
        SELECT course_id INTO c FROM coursemap.objective WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN c; END IF;
        SELECT course_id INTO c FROM coursemap.activity WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN c; END IF;
        SELECT course_id INTO c FROM coursemap.assessment WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN c; END IF;
        SELECT item_id INTO c FROM coursemap.comment WHERE program_key = p AND id = k;
        IF NOT FOUND THEN
            SELECT item_id INTO c FROM coursemap.acknowledgement WHERE program_key = p AND id = k;
        END IF;
        IF NOT FOUND THEN
            SELECT item_id INTO c FROM coursemap.status_change WHERE program_key = p AND id = k;
        END IF;
        IF NOT FOUND THEN RETURN NULL; END IF;
        k := c;
    END LOOP;
    RETURN NULL;
END $$;

-- The server's administrator: whoever owns the schema (superusers too). Pushes programs whole, as they are.
-- Every function here runs with search_path = pg_catalog, pg_temp (pg_temp last), so nothing a user creates
-- (a temporary view named pg_namespace, a function in public) can stand in for what the checks read.
CREATE FUNCTION coursemap.is_owner() RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.pg_has_role(current_user, n.nspowner, 'MEMBER') FROM pg_catalog.pg_namespace n
        WHERE n.nspname = 'coursemap'
$$;

-- A status may follow another: the rule of Review.h, kept by the server too.
CREATE FUNCTION coursemap.status_may_follow(previous text, next text)
RETURNS boolean LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT previous IS DISTINCT FROM next
       AND (next IN ('draft', 'in_review') OR (next IN ('changes_requested', 'approved') AND previous = 'in_review'))
$$;

-- A reviewer may change a status, and nothing else, of what is not theirs to edit.
CREATE FUNCTION coursemap.only_status_unless_editor() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    course bigint := CASE WHEN TG_TABLE_NAME = 'course' THEN NEW.id ELSE (to_jsonb(NEW) ->> 'course_id')::bigint END;
BEGIN
    IF coursemap.is_owner() OR coursemap.allowed(NEW.program_key, current_user, ARRAY['course-director'], course) THEN
        RETURN NEW;
    END IF;
    IF (to_jsonb(NEW) - 'status' - 'revision') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'revision') THEN
        RAISE EXCEPTION 'only the review status of % % may be changed by %', TG_TABLE_NAME, NEW.id, current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

-- Every status is the last entry of its item's history (checked when the transaction commits).
CREATE FUNCTION coursemap.status_is_recorded() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    now_status text;
    recorded text;
BEGIN
    EXECUTE format('SELECT status FROM coursemap.%I WHERE program_key = $1 AND id = $2', TG_TABLE_NAME)
        INTO now_status USING NEW.program_key, NEW.id;
    IF now_status IS NULL THEN
        RETURN NULL; -- removed again in the same transaction
    END IF;
    SELECT s.status INTO recorded FROM coursemap.status_change s
        WHERE s.program_key = NEW.program_key AND s.item_id = NEW.id ORDER BY s.id DESC LIMIT 1;
    IF now_status IS DISTINCT FROM coalesce(recorded, 'draft') THEN
        RAISE EXCEPTION 'the status of % % is %, but its review history ends with %: a status changes only through review, which records it',
            TG_TABLE_NAME, NEW.id, now_status, coalesce(recorded, 'draft') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

-- Each history entry follows the one before it; it records who made it.
CREATE FUNCTION coursemap.status_change_follows() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    previous text;
BEGIN
    PERFORM 1 FROM coursemap.status_change WHERE program_key = NEW.program_key AND id = NEW.id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT s.status INTO previous FROM coursemap.status_change s
        WHERE s.program_key = NEW.program_key AND s.item_id = NEW.item_id AND s.id < NEW.id ORDER BY s.id DESC LIMIT 1;
    -- (A program pushed whole by the administrator keeps its history as it was, upgrade records included.)
    IF NOT coursemap.status_may_follow(coalesce(previous, 'draft'), NEW.status) AND NOT coursemap.is_owner() THEN
        RAISE EXCEPTION 'a status cannot go from % to % (status record %)', coalesce(previous, 'draft'), NEW.status, NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
-- Who made a record is the server's to say (the administrator's push keeps what it brings).
CREATE FUNCTION coursemap.stamp_db_user() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT coursemap.is_owner() OR NEW.db_user IS NULL THEN
        NEW.db_user := current_user;
    END IF;
    RETURN NEW;
END $$;
-- The revision counter only counts up, one commit at a time; ids are never handed out twice.
CREATE FUNCTION coursemap.programs_count_up() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.code IS DISTINCT FROM OLD.code OR NEW.revision <> OLD.revision + 1 OR NEW.next_id < OLD.next_id
       OR NEW.next_id > 9007199254740992 THEN
        RAISE EXCEPTION 'the revision of program % counts up by one per commit', OLD.code
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER count_up BEFORE UPDATE ON coursemap.programs FOR EACH ROW EXECUTE FUNCTION coursemap.programs_count_up();
CREATE TRIGGER stamp BEFORE INSERT ON coursemap.status_change FOR EACH ROW EXECUTE FUNCTION coursemap.stamp_db_user();
CREATE TRIGGER stamp BEFORE INSERT ON coursemap.revision_log FOR EACH ROW EXECUTE FUNCTION coursemap.stamp_db_user();
CREATE CONSTRAINT TRIGGER follows AFTER INSERT ON coursemap.status_change DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.status_change_follows();
CREATE TRIGGER only_status BEFORE UPDATE ON coursemap.course FOR EACH ROW EXECUTE FUNCTION coursemap.only_status_unless_editor();
CREATE TRIGGER only_status BEFORE UPDATE ON coursemap.objective FOR EACH ROW EXECUTE FUNCTION coursemap.only_status_unless_editor();
CREATE TRIGGER only_status BEFORE UPDATE ON coursemap.activity FOR EACH ROW EXECUTE FUNCTION coursemap.only_status_unless_editor();
CREATE TRIGGER only_status BEFORE UPDATE ON coursemap.assessment FOR EACH ROW EXECUTE FUNCTION coursemap.only_status_unless_editor();
CREATE CONSTRAINT TRIGGER recorded AFTER INSERT OR UPDATE ON coursemap.course DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.status_is_recorded();
CREATE CONSTRAINT TRIGGER recorded AFTER INSERT OR UPDATE ON coursemap.objective DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.status_is_recorded();
CREATE CONSTRAINT TRIGGER recorded AFTER INSERT OR UPDATE ON coursemap.activity DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.status_is_recorded();
CREATE CONSTRAINT TRIGGER recorded AFTER INSERT OR UPDATE ON coursemap.assessment DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.status_is_recorded();

-- Row-level security: the owner (the server's administrator) is not subject to it; everyone else is.
ALTER TABLE coursemap.programs ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.program ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.framework ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.competency ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.course ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.objective ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.assessment ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.comment ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.acknowledgement ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.status_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.link ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.removed_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.removed_link ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.revision_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE coursemap.version ENABLE ROW LEVEL SECURITY;

CREATE POLICY own ON coursemap.grants FOR SELECT USING (db_user = current_user);
CREATE POLICY read ON coursemap.programs FOR SELECT
    USING (coursemap.allowed_any(key, current_user, ARRAY['course-director', 'reviewer', 'reader']));
CREATE POLICY count ON coursemap.programs FOR UPDATE
    USING (coursemap.allowed_any(key, current_user, ARRAY['course-director', 'reviewer']));

-- Reading: everyone granted anything in the program reads all of it.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['program', 'framework', 'competency', 'course', 'objective', 'activity', 'assessment',
                             'comment', 'acknowledgement', 'status_change', 'link', 'removed_item', 'removed_link',
                             'revision_log', 'version'] LOOP
        EXECUTE format('CREATE POLICY read ON coursemap.%I FOR SELECT USING (coursemap.allowed_any(program_key, '
                       'current_user, ARRAY[''course-director'', ''reviewer'', ''reader'']))', t);
    END LOOP;
    -- The program, its frameworks and competencies: administrators.
    FOREACH t IN ARRAY ARRAY['program', 'framework', 'competency'] LOOP
        EXECUTE format('CREATE POLICY administer ON coursemap.%I FOR ALL '
                       'USING (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL)) '
                       'WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL))', t);
    END LOOP;
    -- What is in a course: its director; reviewers change statuses (the trigger above keeps them to that).
    FOREACH t IN ARRAY ARRAY['objective', 'activity', 'assessment'] LOOP
        EXECUTE format('CREATE POLICY direct ON coursemap.%I FOR ALL '
                       'USING (coursemap.allowed(program_key, current_user, ARRAY[''course-director''], course_id)) '
                       'WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[''course-director''], course_id))', t);
        EXECUTE format('CREATE POLICY review ON coursemap.%I FOR UPDATE '
                       'USING (coursemap.allowed_any(program_key, current_user, ARRAY[''reviewer''])) '
                       'WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY[''reviewer'']))', t);
    END LOOP;
    -- Bookkeeping every writer does: tombstones, the log.
    FOREACH t IN ARRAY ARRAY['removed_item', 'removed_link', 'revision_log'] LOOP
        EXECUTE format('CREATE POLICY keep ON coursemap.%I FOR ALL '
                       'USING (coursemap.allowed_any(program_key, current_user, ARRAY[''course-director'', ''reviewer''])) '
                       'WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY[''course-director'', ''reviewer'']))', t);
    END LOOP;
END $$;

CREATE POLICY administer ON coursemap.course FOR ALL
    USING (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL))
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL));
CREATE POLICY direct ON coursemap.course FOR UPDATE
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], id))
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY['course-director'], id));
CREATE POLICY review ON coursemap.course FOR UPDATE
    USING (coursemap.allowed_any(program_key, current_user, ARRAY['reviewer']))
    WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY['reviewer']));
-- Links from an objective: its course's director.
CREATE POLICY direct ON coursemap.link FOR ALL
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, objective_id)))
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, objective_id)));
-- Comments: anyone but a reader writes them anywhere; they go with what they are about.
CREATE POLICY write ON coursemap.comment FOR INSERT
    WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY['course-director', 'reviewer']));
CREATE POLICY resolve ON coursemap.comment FOR UPDATE
    USING (coursemap.allowed_any(program_key, current_user, ARRAY['course-director', 'reviewer']))
    WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY['course-director', 'reviewer']));
CREATE POLICY remove ON coursemap.comment FOR DELETE
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)));
-- Acceptances of findings: the director of the course the finding is in.
CREATE POLICY direct ON coursemap.acknowledgement FOR ALL
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)))
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)));
-- Review history: reviewers and the course's director add to it; it goes only with its item.
CREATE POLICY record ON coursemap.status_change FOR INSERT
    WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY['reviewer'])
                OR coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)));
CREATE POLICY remove ON coursemap.status_change FOR DELETE
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)));
-- Named versions: anyone but a reader keeps one.
CREATE POLICY keep ON coursemap.version FOR INSERT
    WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY['course-director', 'reviewer']));

-- Roles belong to the whole cluster: another database being set up at the same moment may make the role
-- between the check and the CREATE, which is then a duplicate, not an error.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coursemap_user') THEN
        CREATE ROLE coursemap_user NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;
GRANT USAGE ON SCHEMA coursemap TO coursemap_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA coursemap TO coursemap_user;
REVOKE INSERT, UPDATE, DELETE ON coursemap.grants, coursemap.schema_version FROM coursemap_user;
REVOKE INSERT, DELETE ON coursemap.programs FROM coursemap_user;
REVOKE UPDATE ON coursemap.status_change FROM coursemap_user;
REVOKE ALL ON FUNCTION coursemap.allowed, coursemap.allowed_any, coursemap.course_of FROM PUBLIC;
GRANT EXECUTE ON FUNCTION coursemap.allowed, coursemap.allowed_any, coursemap.course_of TO coursemap_user;
)sql";

// Version 2. The server keeps the books itself, so that nobody with a login and psql can bend them:
// - every write counts the program's revision up first (UPDATE coursemap.programs SET revision = revision + 1);
//   a record written in a transaction that did not is refused, and every record written gets that revision
//   from the server (check_write); new ids are the server's to check (at most a million past the next id, or an
//   id removed before, never one in use), and the next id follows them;
// - tombstones (removed_item, removed_link) and the pruning of the revision log are written by triggers only;
//   the log takes one row per revision, for the revision just counted, by the database user who counted it,
//   and keeps the last thousand and every change made with a token that must never be made twice ("once:…");
// - review history goes only with its item; only a reviewer who does not direct the course (or an
//   administrator) approves or asks for changes; a comment's text, author and subject never change (only whether
//   it is resolved), and a comment goes with its subject or by the hand of whoever wrote it;
// - whoever both reviews and directs a course cannot move what is in another course into theirs;
// - the helpers the policies use tell nothing about programs or roles that the login has no part in;
// - one write is one call: coursemap.write_change checks the revision, applies every record, counts up, logs
//   and notifies (three round trips were nine).
constexpr std::string_view v2 = R"sql(
-- Policies that give reading rights too (FOR ALL) become write-only: reading is the `read` policy's alone.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['program', 'framework', 'competency', 'course'] LOOP
        EXECUTE format('DROP POLICY administer ON coursemap.%I', t);
        EXECUTE format('CREATE POLICY administer_insert ON coursemap.%I FOR INSERT '
                       'WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL))', t);
        EXECUTE format('CREATE POLICY administer_update ON coursemap.%I FOR UPDATE '
                       'USING (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL)) '
                       'WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL))', t);
        EXECUTE format('CREATE POLICY administer_delete ON coursemap.%I FOR DELETE '
                       'USING (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['objective', 'activity', 'assessment'] LOOP
        EXECUTE format('DROP POLICY direct ON coursemap.%I', t);
        EXECUTE format('CREATE POLICY direct_insert ON coursemap.%I FOR INSERT '
                       'WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[''course-director''], course_id))', t);
        EXECUTE format('CREATE POLICY direct_update ON coursemap.%I FOR UPDATE '
                       'USING (coursemap.allowed(program_key, current_user, ARRAY[''course-director''], course_id)) '
                       'WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[''course-director''], course_id))', t);
        EXECUTE format('CREATE POLICY direct_delete ON coursemap.%I FOR DELETE '
                       'USING (coursemap.allowed(program_key, current_user, ARRAY[''course-director''], course_id))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['removed_item', 'removed_link', 'revision_log'] LOOP
        EXECUTE format('DROP POLICY keep ON coursemap.%I', t);
    END LOOP;
END $$;
DROP POLICY direct ON coursemap.link;
CREATE POLICY direct_insert ON coursemap.link FOR INSERT
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, objective_id)));
CREATE POLICY direct_update ON coursemap.link FOR UPDATE
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, objective_id)))
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, objective_id)));
CREATE POLICY direct_delete ON coursemap.link FOR DELETE
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, objective_id)));
DROP POLICY direct ON coursemap.acknowledgement;
CREATE POLICY direct_insert ON coursemap.acknowledgement FOR INSERT
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)));
CREATE POLICY direct_update ON coursemap.acknowledgement FOR UPDATE
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)))
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)));
CREATE POLICY direct_delete ON coursemap.acknowledgement FOR DELETE
    USING (coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id)));

-- The helpers answer only for the login itself (or a role it is a member of), and only in programs it has a
-- part in.
CREATE OR REPLACE FUNCTION coursemap.allowed(p bigint, who name, roles text[], course bigint)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.pg_has_role(session_user, who, 'MEMBER') AND EXISTS (
        SELECT 1 FROM coursemap.grants g
        WHERE g.program_key = p AND g.db_user = who
          AND (g.role = 'administrator'
               OR (g.role = ANY (roles) AND (g.role <> 'course-director' OR g.course_id = course))))
$$;
CREATE OR REPLACE FUNCTION coursemap.allowed_any(p bigint, who name, roles text[])
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.pg_has_role(session_user, who, 'MEMBER') AND EXISTS (
        SELECT 1 FROM coursemap.grants g
        WHERE g.program_key = p AND g.db_user = who AND (g.role = 'administrator' OR g.role = ANY (roles)))
$$;
CREATE OR REPLACE FUNCTION coursemap.course_of(p bigint, item bigint)
RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k bigint := item;
    c bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM coursemap.grants g JOIN pg_catalog.pg_roles r ON r.rolname = g.db_user
                   WHERE g.program_key = p AND pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')) THEN
        RETURN NULL;
    END IF;
    FOR depth IN 1..100 LOOP
        PERFORM 1 FROM coursemap.course WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN k; END IF;
        SELECT course_id INTO c FROM coursemap.objective WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN c; END IF;
        SELECT course_id INTO c FROM coursemap.activity WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN c; END IF;
        SELECT course_id INTO c FROM coursemap.assessment WHERE program_key = p AND id = k;
        IF FOUND THEN RETURN c; END IF;
        SELECT item_id INTO c FROM coursemap.comment WHERE program_key = p AND id = k;
        IF NOT FOUND THEN
            SELECT item_id INTO c FROM coursemap.acknowledgement WHERE program_key = p AND id = k;
        END IF;
        IF NOT FOUND THEN
            SELECT item_id INTO c FROM coursemap.status_change WHERE program_key = p AND id = k;
        END IF;
        IF NOT FOUND THEN RETURN NULL; END IF;
        k := c;
    END LOOP;
    RETURN NULL;
END $$;

-- Whether a record with this id is in the program (any kind).
CREATE FUNCTION coursemap.item_exists(p bigint, item bigint)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM coursemap.program WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.framework WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.competency WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.course WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.objective WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.activity WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.assessment WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.comment WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.acknowledgement WHERE program_key = p AND id = item)
        OR EXISTS (SELECT 1 FROM coursemap.status_change WHERE program_key = p AND id = item)
$$;

-- The revision counter counts up by one per commit; the next id is the server's (see keep_books).
CREATE OR REPLACE FUNCTION coursemap.programs_count_up() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.next_id > 9007199254740992 THEN
        RAISE EXCEPTION 'program % has given out every id (up to 2^53 - 1)', OLD.code USING ERRCODE = 'check_violation';
    END IF;
    IF coursemap.is_owner() THEN
        RETURN NEW;
    END IF;
    IF NEW.code IS DISTINCT FROM OLD.code OR NEW.key IS DISTINCT FROM OLD.key OR NEW.revision <> OLD.revision + 1
       OR NEW.next_id <> OLD.next_id THEN
        RAISE EXCEPTION 'the revision of program % counts up by one per commit, and nothing else of it changes', OLD.code
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.xmin = pg_catalog.pg_current_xact_id()::xid THEN
        RAISE EXCEPTION 'the revision of program % counts up once per transaction', OLD.code
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
-- Every revision counted is in the log by the time its transaction commits.
CREATE FUNCTION coursemap.counted_is_logged() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.revision <> OLD.revision AND NOT coursemap.session_is_owner() AND NOT EXISTS (
            SELECT 1 FROM coursemap.revision_log l WHERE l.program_key = NEW.key AND l.revision = NEW.revision) THEN
        RAISE EXCEPTION 'revision % of program % was counted but not logged', NEW.revision, NEW.code
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER logged AFTER UPDATE ON coursemap.programs DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.counted_is_logged();

-- One id, one record of the program, whatever its kind: checked at once, even between two tables written by
-- one statement.
CREATE TABLE coursemap.item_id (
    program_key bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id          bigint NOT NULL,
    PRIMARY KEY (program_key, id)
);
INSERT INTO coursemap.item_id
    SELECT program_key, id FROM coursemap.program UNION ALL SELECT program_key, id FROM coursemap.framework
    UNION ALL SELECT program_key, id FROM coursemap.competency UNION ALL SELECT program_key, id FROM coursemap.course
    UNION ALL SELECT program_key, id FROM coursemap.objective UNION ALL SELECT program_key, id FROM coursemap.activity
    UNION ALL SELECT program_key, id FROM coursemap.assessment UNION ALL SELECT program_key, id FROM coursemap.comment
    UNION ALL SELECT program_key, id FROM coursemap.acknowledgement
    UNION ALL SELECT program_key, id FROM coursemap.status_change;
ALTER TABLE coursemap.item_id ENABLE ROW LEVEL SECURITY;

-- Every record written by a user: in a transaction that counted the program's revision up, with that revision,
-- never moved to another id or program; a new id is one the server can vouch for.
CREATE FUNCTION coursemap.check_write() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.program_key ELSE NEW.program_key END;
    v_revision bigint;
    v_next bigint;
    v_mine boolean;
    v_id bigint;
BEGIN
    IF coursemap.is_owner() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    SELECT g.revision, g.next_id, g.xmin = pg_catalog.pg_current_xact_id()::xid INTO v_revision, v_next, v_mine
        FROM coursemap.programs g WHERE g.key = p;
    IF NOT coalesce(v_mine, false) THEN
        RAISE EXCEPTION 'a change to a program first counts its revision up (UPDATE coursemap.programs SET revision = revision + 1) in the same transaction'
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.program_key <> OLD.program_key
        OR jsonb_build_array(to_jsonb(NEW) -> 'id', to_jsonb(NEW) -> 'kind', to_jsonb(NEW) -> 'objective_id', to_jsonb(NEW) -> 'target_id')
           IS DISTINCT FROM
           jsonb_build_array(to_jsonb(OLD) -> 'id', to_jsonb(OLD) -> 'kind', to_jsonb(OLD) -> 'objective_id', to_jsonb(OLD) -> 'target_id')) THEN
        RAISE EXCEPTION 'a record keeps its id and program' USING ERRCODE = 'check_violation';
    END IF;
    NEW.revision := v_revision;
    IF TG_OP = 'INSERT' AND TG_TABLE_NAME <> 'link' THEN
        v_id := (to_jsonb(NEW) ->> 'id')::bigint;
        IF v_id < 1 OR v_id >= v_next + 1000000 THEN
            RAISE EXCEPTION 'id % is out of range (the next id of the program is %)', v_id, v_next
                USING ERRCODE = 'check_violation';
        END IF;
        IF v_id < v_next AND NOT EXISTS (SELECT 1 FROM coursemap.removed_item r WHERE r.program_key = p AND r.id = v_id) THEN
            RAISE EXCEPTION 'id % was given out before and is not free', v_id USING ERRCODE = 'unique_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$;

-- The books: tombstones for what goes, none for what comes (back), the next id past every id used. Run as the
-- schema's owner, after check_write has vouched for the write; nobody else writes these rows.
CREATE FUNCTION coursemap.keep_books() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO coursemap.item_id (program_key, id) VALUES (NEW.program_key, NEW.id);
        DELETE FROM coursemap.removed_item WHERE program_key = NEW.program_key AND id = NEW.id;
        UPDATE coursemap.programs SET next_id = NEW.id + 1 WHERE key = NEW.program_key AND next_id <= NEW.id;
    ELSE
        DELETE FROM coursemap.item_id WHERE program_key = OLD.program_key AND id = OLD.id;
        INSERT INTO coursemap.removed_item (program_key, id, revision)
            SELECT OLD.program_key, OLD.id, g.revision FROM coursemap.programs g WHERE g.key = OLD.program_key
            ON CONFLICT (program_key, id) DO UPDATE SET revision = excluded.revision;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION coursemap.keep_link_books() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' THEN
        DELETE FROM coursemap.removed_link
            WHERE program_key = NEW.program_key AND kind = NEW.kind AND objective_id = NEW.objective_id
              AND target_id = NEW.target_id;
    ELSE
        INSERT INTO coursemap.removed_link (program_key, kind, objective_id, target_id, revision)
            SELECT OLD.program_key, OLD.kind, OLD.objective_id, OLD.target_id, g.revision
            FROM coursemap.programs g WHERE g.key = OLD.program_key
            ON CONFLICT (program_key, kind, objective_id, target_id) DO UPDATE SET revision = excluded.revision;
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['program', 'framework', 'competency', 'course', 'objective', 'activity', 'assessment',
                             'comment', 'acknowledgement', 'status_change', 'link'] LOOP
        EXECUTE format('CREATE TRIGGER a_check_write BEFORE INSERT OR UPDATE OR DELETE ON coursemap.%I '
                       'FOR EACH ROW EXECUTE FUNCTION coursemap.check_write()', t);
        EXECUTE format('CREATE TRIGGER books AFTER INSERT OR DELETE ON coursemap.%I FOR EACH ROW '
                       'EXECUTE FUNCTION coursemap.%I()', t, CASE WHEN t = 'link' THEN 'keep_link_books' ELSE 'keep_books' END);
    END LOOP;
END $$;
REVOKE INSERT, UPDATE, DELETE ON coursemap.removed_item, coursemap.removed_link FROM coursemap_user;
REVOKE UPDATE, DELETE ON coursemap.revision_log FROM coursemap_user;

-- The revision log: one row for the revision just counted, by whoever counted it; pruned to a thousand.
CREATE POLICY log ON coursemap.revision_log FOR INSERT
    WITH CHECK (coursemap.allowed_any(program_key, current_user, ARRAY['course-director', 'reviewer']));
CREATE FUNCTION coursemap.log_is_counted() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT coursemap.is_owner() AND NOT EXISTS (
            SELECT 1 FROM coursemap.programs g WHERE g.key = NEW.program_key AND g.revision = NEW.revision
               AND g.xmin = pg_catalog.pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'the revision log takes the revision this transaction counted, once' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER counted BEFORE INSERT ON coursemap.revision_log FOR EACH ROW EXECUTE FUNCTION coursemap.log_is_counted();
CREATE FUNCTION coursemap.prune_log() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- (A change made with a token of its caller's, "once:…", must never be made twice: its entry stays.)
    DELETE FROM coursemap.revision_log WHERE program_key = NEW.program_key AND revision <= NEW.revision - 1000
        AND token NOT LIKE 'once:%';
    RETURN NULL;
END $$;
CREATE TRIGGER prune AFTER INSERT ON coursemap.revision_log FOR EACH ROW EXECUTE FUNCTION coursemap.prune_log();
-- A change is found by its token (whether a commit the connection lost was kept; whether a sync was made).
CREATE INDEX ON coursemap.revision_log (program_key, token);

-- Named versions: kept only with a counted change, stamped with the database user who kept one.
ALTER TABLE coursemap.version ADD COLUMN db_user name;
CREATE TRIGGER stamp BEFORE INSERT ON coursemap.version FOR EACH ROW EXECUTE FUNCTION coursemap.stamp_db_user();
CREATE FUNCTION coursemap.version_is_counted() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT coursemap.is_owner() AND NOT EXISTS (
            SELECT 1 FROM coursemap.programs g WHERE g.key = NEW.program_key
               AND g.xmin = pg_catalog.pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'a named version is kept with a change that counts the revision up' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER counted BEFORE INSERT ON coursemap.version FOR EACH ROW EXECUTE FUNCTION coursemap.version_is_counted();

-- Review history. Approving or asking for changes is for a reviewer who does not direct the course, or an
-- administrator; history goes only with its item.
DROP POLICY record ON coursemap.status_change;
CREATE POLICY record ON coursemap.status_change FOR INSERT
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL)
                OR (status IN ('draft', 'in_review') AND coursemap.course_of(program_key, item_id) IS NOT NULL
                    AND (coursemap.allowed_any(program_key, current_user, ARRAY['reviewer'])
                         OR coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id))))
                OR (status IN ('approved', 'changes_requested') AND coursemap.course_of(program_key, item_id) IS NOT NULL
                    AND coursemap.allowed_any(program_key, current_user, ARRAY['reviewer'])
                    AND NOT coursemap.allowed(program_key, current_user, ARRAY['course-director'], coursemap.course_of(program_key, item_id))));
-- Checks made when the transaction commits run as the schema's owner, for whoever the login is then: a user
-- who switched to a role that sees nothing (SET ROLE coursemap_user) before COMMIT would otherwise pass them.
CREATE FUNCTION coursemap.session_is_owner() RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_catalog.pg_has_role(session_user, n.nspowner, 'MEMBER') FROM pg_catalog.pg_namespace n
        WHERE n.nspname = 'coursemap'
$$;
CREATE FUNCTION coursemap.goes_with_item() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coursemap.session_is_owner() OR NOT coursemap.item_exists(OLD.program_key, OLD.item_id) THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'comment' AND OLD.db_user = session_user THEN
        RETURN NULL; -- one's own comment
    END IF;
    RAISE EXCEPTION '% % goes only with what it is about (%)', TG_TABLE_NAME, OLD.id, OLD.item_id
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE CONSTRAINT TRIGGER with_item AFTER DELETE ON coursemap.status_change DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.goes_with_item();

-- Comments: who wrote one is the server's to say; only whether it is resolved ever changes; it goes with its
-- subject, or by the hand of whoever wrote it.
ALTER TABLE coursemap.comment ADD COLUMN db_user name;
CREATE TRIGGER stamp BEFORE INSERT ON coursemap.comment FOR EACH ROW EXECUTE FUNCTION coursemap.stamp_db_user();
CREATE FUNCTION coursemap.only_resolved() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT coursemap.is_owner()
       AND (to_jsonb(NEW) - 'resolved' - 'revision') IS DISTINCT FROM (to_jsonb(OLD) - 'resolved' - 'revision') THEN
        RAISE EXCEPTION 'only whether comment % is resolved may change', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER only_resolved BEFORE UPDATE ON coursemap.comment FOR EACH ROW EXECUTE FUNCTION coursemap.only_resolved();
DROP POLICY remove ON coursemap.comment;
CREATE POLICY remove ON coursemap.comment FOR DELETE
    USING (coursemap.allowed_any(program_key, current_user, ARRAY['course-director', 'reviewer']));
CREATE CONSTRAINT TRIGGER with_item AFTER DELETE ON coursemap.comment DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION coursemap.goes_with_item();

-- A reviewer changes only statuses; a course director edits only what is in their course, and moves nothing
-- in from another.
CREATE OR REPLACE FUNCTION coursemap.only_status_unless_editor() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    course bigint := CASE WHEN TG_TABLE_NAME = 'course' THEN NEW.id ELSE (to_jsonb(NEW) ->> 'course_id')::bigint END;
    was bigint := CASE WHEN TG_TABLE_NAME = 'course' THEN OLD.id ELSE (to_jsonb(OLD) ->> 'course_id')::bigint END;
BEGIN
    IF coursemap.is_owner()
       OR (coursemap.allowed(NEW.program_key, current_user, ARRAY['course-director'], course)
           AND coursemap.allowed(NEW.program_key, current_user, ARRAY['course-director'], was)) THEN
        RETURN NEW;
    END IF;
    IF (to_jsonb(NEW) - 'status' - 'revision') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'revision') THEN
        RAISE EXCEPTION 'only the review status of % % may be changed by %', TG_TABLE_NAME, NEW.id, current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

-- One write, one call. Counts the revision up from `since` (or returns null, writing nothing, when the program
-- is no longer at `since` or the caller may not write it), applies each operation of `ops` as the caller (row-
-- level security and every trigger above apply), logs the revision with `token` and tells the listeners.
-- ops: [{"i": index, "t": table, "o": "insert" | "update" | "delete", "id": id, "expect": revision,
--        "row": {column: text value or null}}, ...]; for a link, "kind", "objective_id", "target_id" in place
-- of "id". A record not at `expect` raises serialization_failure, one the caller may not write
-- insufficient_privilege; the message starts with "coursemap-op <index>:".
-- The tables of a program's records, which write_change writes.
CREATE FUNCTION coursemap.is_record_table(t text) RETURNS boolean LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT t IN ('program', 'framework', 'competency', 'course', 'objective', 'activity', 'assessment', 'comment',
                 'acknowledgement', 'status_change', 'link')
$$;
CREATE FUNCTION coursemap.write_change(p bigint, since bigint, ops jsonb, author text, program text,
                                       description text, created_at text, token text)
RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    counted bigint;
    op jsonb;
    t text;
    verb text;
    cols text;
    rcols text;
    stmt text;
    n bigint;
    found_revision bigint;
    row_json jsonb;
BEGIN
    UPDATE coursemap.programs SET revision = revision + 1 WHERE key = p AND revision = since
        RETURNING revision INTO counted;
    IF counted IS NULL THEN
        RETURN NULL;
    END IF;
    FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
        t := op ->> 't';
        verb := op ->> 'o';
        IF t IS NULL OR NOT coursemap.is_record_table(t) OR verb IS NULL OR verb NOT IN ('insert', 'update', 'delete') THEN
            RAISE EXCEPTION 'coursemap-op %: no operation % on %', op ->> 'i', verb, t
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        -- The keys and the books are the server's.
        row_json := coalesce(op -> 'row', '{}'::jsonb) - 'program_key' - 'revision' - 'db_user' - 'id' - 'kind'
                    - 'objective_id' - 'target_id';
        IF t = 'link' THEN
            row_json := row_json || jsonb_build_object('kind', op -> 'kind', 'objective_id', op -> 'objective_id',
                                                       'target_id', op -> 'target_id');
        ELSE
            row_json := row_json || jsonb_build_object('id', op -> 'id');
        END IF;
        IF verb = 'insert' THEN
            row_json := row_json || jsonb_build_object('program_key', p, 'revision', counted);
            SELECT string_agg(quote_ident(k), ', ') INTO cols FROM jsonb_object_keys(row_json) k;
            EXECUTE format('INSERT INTO coursemap.%1$I (%2$s) SELECT %2$s FROM jsonb_populate_record(NULL::coursemap.%1$I, $1)',
                           t, cols) USING row_json;
            CONTINUE;
        END IF;
        IF verb = 'update' THEN
            SELECT string_agg(quote_ident(k), ', '), string_agg('r.' || quote_ident(k), ', ') INTO cols, rcols
                FROM jsonb_object_keys(row_json - 'id' - 'kind' - 'objective_id' - 'target_id') k;
            stmt := format('UPDATE coursemap.%1$I x SET revision = $2', t);
            IF cols IS NOT NULL THEN
                stmt := stmt || format(', (%2$s) = (SELECT %3$s FROM jsonb_populate_record(NULL::coursemap.%1$I, $1) r)',
                                       t, cols, rcols);
            END IF;
        ELSE
            stmt := format('DELETE FROM coursemap.%I x', t);
        END IF;
        IF t = 'link' THEN
            EXECUTE stmt || ' WHERE x.program_key = $3 AND x.revision = $4 AND x.kind = $5 AND x.objective_id = $6 AND x.target_id = $7'
                USING row_json, counted, p, (op ->> 'expect')::bigint, op ->> 'kind', (op ->> 'objective_id')::bigint,
                      (op ->> 'target_id')::bigint;
        ELSE
            EXECUTE stmt || ' WHERE x.program_key = $3 AND x.revision = $4 AND x.id = $5'
                USING row_json, counted, p, (op ->> 'expect')::bigint, (op ->> 'id')::bigint;
        END IF;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n <> 1 THEN
            IF t = 'link' THEN
                SELECT l.revision INTO found_revision FROM coursemap.link l
                    WHERE l.program_key = p AND l.kind = op ->> 'kind' AND l.objective_id = (op ->> 'objective_id')::bigint
                      AND l.target_id = (op ->> 'target_id')::bigint;
            ELSE
                EXECUTE format('SELECT revision FROM coursemap.%I WHERE program_key = $1 AND id = $2', t)
                    INTO found_revision USING p, (op ->> 'id')::bigint;
            END IF;
            IF found_revision = (op ->> 'expect')::bigint THEN
                RAISE EXCEPTION 'coursemap-op %: may not be changed by %', op ->> 'i', current_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RAISE EXCEPTION 'coursemap-op %: not at revision %', op ->> 'i', op ->> 'expect'
                USING ERRCODE = 'serialization_failure';
        END IF;
    END LOOP;
    INSERT INTO coursemap.revision_log (program_key, revision, author, program, description, created_at, token)
        VALUES (p, counted, author, program, description, created_at, token);
    PERFORM pg_notify('coursemap_' || p, counted::text);
    RETURN counted;
END $$;

-- The review rules checked at commit read everything, as the schema's owner (see session_is_owner).
CREATE OR REPLACE FUNCTION coursemap.status_change_follows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    previous text;
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM 1 FROM coursemap.status_change WHERE program_key = NEW.program_key AND id = NEW.id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT s.status INTO previous FROM coursemap.status_change s
        WHERE s.program_key = NEW.program_key AND s.item_id = NEW.item_id AND s.id < NEW.id ORDER BY s.id DESC LIMIT 1;
    IF NOT coursemap.status_may_follow(coalesce(previous, 'draft'), NEW.status) AND NOT coursemap.session_is_owner() THEN
        RAISE EXCEPTION 'a status cannot go from % to % (status record %)', coalesce(previous, 'draft'), NEW.status, NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION coursemap.status_is_recorded() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    now_status text;
    recorded text;
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('SELECT status FROM coursemap.%I WHERE program_key = $1 AND id = $2', TG_TABLE_NAME)
        INTO now_status USING NEW.program_key, NEW.id;
    IF now_status IS NULL THEN
        RETURN NULL; -- removed again in the same transaction
    END IF;
    SELECT s.status INTO recorded FROM coursemap.status_change s
        WHERE s.program_key = NEW.program_key AND s.item_id = NEW.id ORDER BY s.id DESC LIMIT 1;
    IF now_status IS DISTINCT FROM coalesce(recorded, 'draft') THEN
        RAISE EXCEPTION 'the status of % % is %, but its review history ends with %: a status changes only through review, which records it',
            TG_TABLE_NAME, NEW.id, now_status, coalesce(recorded, 'draft') USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

-- Nothing of the schema runs for anyone but by grant: a function run as the owner could otherwise be attached,
-- as a trigger, to a table of the caller's own with rows of their making.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA coursemap FROM PUBLIC;
GRANT EXECUTE ON FUNCTION coursemap.allowed, coursemap.allowed_any, coursemap.course_of, coursemap.is_owner,
    coursemap.session_is_owner, coursemap.item_exists, coursemap.status_may_follow, coursemap.is_record_table,
    coursemap.write_change TO coursemap_user;
)sql";

// Version 3: the records of file format 5 (the AAMC Curriculum Inventory and CASE frameworks): a course's place in
// the program's sequence blocks, activities' and assessments' keywords, resource types and whether they are
// required, frameworks' and competencies' CASE identifiers, and the CASE associations a competency starts (an
// administrator's, as frameworks are), each kept by the books and rules of version 2.
constexpr std::string_view v3 = R"sql(
ALTER TABLE coursemap.course ADD COLUMN weeks bigint;
ALTER TABLE coursemap.course ADD COLUMN start_date text NOT NULL DEFAULT '';
ALTER TABLE coursemap.course ADD COLUMN end_date text NOT NULL DEFAULT '';
ALTER TABLE coursemap.course ADD COLUMN clerkship_model text;
ALTER TABLE coursemap.course ADD COLUMN requirement text NOT NULL DEFAULT 'required';
ALTER TABLE coursemap.course ADD COLUMN parent_course_id bigint;
ALTER TABLE coursemap.course ADD COLUMN child_order text NOT NULL DEFAULT 'ordered';
ALTER TABLE coursemap.course ADD COLUMN minimum bigint;
ALTER TABLE coursemap.course ADD COLUMN maximum bigint;
ALTER TABLE coursemap.activity ADD COLUMN keywords text NOT NULL DEFAULT '';
ALTER TABLE coursemap.activity ADD COLUMN resource_types text NOT NULL DEFAULT '';
ALTER TABLE coursemap.activity ADD COLUMN required boolean NOT NULL DEFAULT true;
ALTER TABLE coursemap.assessment ADD COLUMN minutes bigint NOT NULL DEFAULT 0;
ALTER TABLE coursemap.assessment ADD COLUMN keywords text NOT NULL DEFAULT '';
ALTER TABLE coursemap.assessment ADD COLUMN resource_types text NOT NULL DEFAULT '';
ALTER TABLE coursemap.assessment ADD COLUMN required boolean NOT NULL DEFAULT true;
ALTER TABLE coursemap.framework ADD COLUMN code text NOT NULL DEFAULT '';
ALTER TABLE coursemap.framework ADD COLUMN identifier text NOT NULL DEFAULT '';
ALTER TABLE coursemap.framework ADD COLUMN uri text NOT NULL DEFAULT '';
ALTER TABLE coursemap.competency ADD COLUMN identifier text NOT NULL DEFAULT '';
ALTER TABLE coursemap.competency ADD COLUMN uri text NOT NULL DEFAULT '';

CREATE TABLE coursemap.association (
    program_key       bigint NOT NULL REFERENCES coursemap.programs ON DELETE CASCADE,
    id                bigint NOT NULL,
    competency_id     bigint NOT NULL,
    type              text NOT NULL,
    identifier        text NOT NULL,
    uri               text NOT NULL,
    target_identifier text NOT NULL,
    target_uri        text NOT NULL,
    target_title      text NOT NULL,
    sequence_number   bigint,
    revision          bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (program_key, id)
);
CREATE INDEX ON coursemap.association (program_key, revision);
ALTER TABLE coursemap.association ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON coursemap.association FOR SELECT
    USING (coursemap.allowed_any(program_key, current_user, ARRAY['course-director', 'reviewer', 'reader']));
CREATE POLICY administer_insert ON coursemap.association FOR INSERT
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL));
CREATE POLICY administer_update ON coursemap.association FOR UPDATE
    USING (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL))
    WITH CHECK (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL));
CREATE POLICY administer_delete ON coursemap.association FOR DELETE
    USING (coursemap.allowed(program_key, current_user, ARRAY[]::text[], NULL));
CREATE TRIGGER a_check_write BEFORE INSERT OR UPDATE OR DELETE ON coursemap.association
    FOR EACH ROW EXECUTE FUNCTION coursemap.check_write();
CREATE TRIGGER books AFTER INSERT OR DELETE ON coursemap.association FOR EACH ROW EXECUTE FUNCTION coursemap.keep_books();
GRANT SELECT, INSERT, UPDATE, DELETE ON coursemap.association TO coursemap_user;
INSERT INTO coursemap.item_id SELECT program_key, id FROM coursemap.association;

CREATE OR REPLACE FUNCTION coursemap.item_exists(p bigint, item bigint)
RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM coursemap.item_id WHERE program_key = p AND id = item)
$$;

-- write_change knows the new table.
CREATE OR REPLACE FUNCTION coursemap.is_record_table(t text) RETURNS boolean LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT t IN ('program', 'framework', 'competency', 'course', 'objective', 'activity', 'assessment', 'comment',
                 'acknowledgement', 'status_change', 'association', 'link')
$$;
)sql";

// Version 4: the same rules, checked faster. A LANGUAGE sql function that cannot be inlined (these cannot: they
// read tables, and run with their own search_path) is parsed and planned again in every statement that calls
// it; a plpgsql function keeps its plans for the session. The row-level security policies call allowed_any a
// dozen times per edit, and each trigger calls is_owner: a course director's edit took three times as long as
// an administrator's (bench/ServerBench.cpp). The revision log is trimmed every hundredth revision, not on each.
// And review history is checked when it is written, too, against its record as it is at COMMIT.
constexpr std::string_view v4 = R"sql(
CREATE OR REPLACE FUNCTION coursemap.allowed(p bigint, who name, roles text[], course bigint)
RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN pg_catalog.pg_has_role(session_user, who, 'MEMBER') AND EXISTS (
        SELECT 1 FROM coursemap.grants g
        WHERE g.program_key = p AND g.db_user = who
          AND (g.role = 'administrator'
               OR (g.role = ANY (roles) AND (g.role <> 'course-director' OR g.course_id = course))));
END $$;
CREATE OR REPLACE FUNCTION coursemap.allowed_any(p bigint, who name, roles text[])
RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN pg_catalog.pg_has_role(session_user, who, 'MEMBER') AND EXISTS (
        SELECT 1 FROM coursemap.grants g
        WHERE g.program_key = p AND g.db_user = who AND (g.role = 'administrator' OR g.role = ANY (roles)));
END $$;
CREATE OR REPLACE FUNCTION coursemap.is_owner() RETURNS boolean LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT pg_catalog.pg_has_role(current_user, n.nspowner, 'MEMBER') FROM pg_catalog.pg_namespace n
                     WHERE n.nspname = 'coursemap'), false);
END $$;
CREATE OR REPLACE FUNCTION coursemap.session_is_owner() RETURNS boolean LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT pg_catalog.pg_has_role(session_user, n.nspowner, 'MEMBER') FROM pg_catalog.pg_namespace n
                     WHERE n.nspname = 'coursemap'), false);
END $$;
CREATE OR REPLACE FUNCTION coursemap.item_exists(p bigint, item bigint)
RETURNS boolean LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM coursemap.item_id WHERE program_key = p AND id = item);
END $$;
CREATE OR REPLACE FUNCTION coursemap.is_record_table(t text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN t IN ('program', 'framework', 'competency', 'course', 'objective', 'activity', 'assessment', 'comment',
                 'acknowledgement', 'status_change', 'association', 'link');
END $$;

-- Review history, checked when the transaction commits, against the record as it is then (a record may take
-- an id another record had earlier in the same transaction): history is kept only for courses, objectives,
-- activities and assessments; the last entry is the record's status (a history that says otherwise would make
-- the program unreadable for every client); and nobody approves, or asks for changes to, a course they direct
-- (unless they administer the program).
CREATE OR REPLACE FUNCTION coursemap.status_change_follows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    previous text;
    latest bigint;
    now_status text;
    found_item boolean;
    course bigint;
BEGIN
    IF TG_TABLE_SCHEMA <> 'coursemap' THEN
        RAISE EXCEPTION 'not a table of the coursemap schema' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM 1 FROM coursemap.status_change WHERE program_key = NEW.program_key AND id = NEW.id;
    IF NOT FOUND OR coursemap.session_is_owner() THEN
        RETURN NULL;
    END IF;
    SELECT s.status INTO previous FROM coursemap.status_change s
        WHERE s.program_key = NEW.program_key AND s.item_id = NEW.item_id AND s.id < NEW.id ORDER BY s.id DESC LIMIT 1;
    IF NOT coursemap.status_may_follow(coalesce(previous, 'draft'), NEW.status) THEN
        RAISE EXCEPTION 'a status cannot go from % to % (status record %)', coalesce(previous, 'draft'), NEW.status, NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT status INTO now_status FROM (
        SELECT status FROM coursemap.course WHERE program_key = NEW.program_key AND id = NEW.item_id
        UNION ALL SELECT status FROM coursemap.objective WHERE program_key = NEW.program_key AND id = NEW.item_id
        UNION ALL SELECT status FROM coursemap.activity WHERE program_key = NEW.program_key AND id = NEW.item_id
        UNION ALL SELECT status FROM coursemap.assessment WHERE program_key = NEW.program_key AND id = NEW.item_id) i;
    found_item := FOUND;
    IF NOT found_item THEN
        IF coursemap.item_exists(NEW.program_key, NEW.item_id) THEN
            RAISE EXCEPTION 'review history (status record %) is kept only for courses, objectives, activities and assessments; % is none of these', NEW.id, NEW.item_id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL; -- removed with its history (goes_with_item)
    END IF;
    SELECT max(s.id) INTO latest FROM coursemap.status_change s
        WHERE s.program_key = NEW.program_key AND s.item_id = NEW.item_id;
    IF latest = NEW.id AND now_status IS DISTINCT FROM NEW.status THEN
        RAISE EXCEPTION 'the review history of % ends with % (status record %), but its status is %: a status and its history change together',
            NEW.item_id, NEW.status, NEW.id, now_status USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status IN ('approved', 'changes_requested') THEN
        course := coursemap.course_of(NEW.program_key, NEW.item_id);
        IF coursemap.allowed(NEW.program_key, session_user, ARRAY['course-director'], course)
           AND NOT coursemap.allowed(NEW.program_key, session_user, ARRAY[]::text[], NULL) THEN
            RAISE EXCEPTION '% directs the course of %, so may not record % for it (status record %)', session_user,
                NEW.item_id, NEW.status, NEW.id USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- The log keeps at least the last thousand revisions (and every change made with a never-twice token).
DROP TRIGGER prune ON coursemap.revision_log;
CREATE TRIGGER prune AFTER INSERT ON coursemap.revision_log FOR EACH ROW WHEN (NEW.revision % 100 = 0)
    EXECUTE FUNCTION coursemap.prune_log();
)sql";

constexpr std::array<Migration, 4> all { { { 1, v1 }, { 2, v2 }, { 3, v3 }, { 4, v4 } } };

} // namespace

std::span<const Migration> migrations()
{
    return all;
}

int currentVersion()
{
    return all.back().version;
}

} // namespace coursemap::pgschema
