#include "Schema.h"

#include <array>

namespace coursemap::schema {

namespace {
// Version 1: the first released schema. Column names are the field names of Fields.h.
constexpr std::string_view v1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value ANY
) STRICT;
CREATE TABLE program (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    institution  TEXT NOT NULL,
    degree       TEXT NOT NULL,
    length_years INTEGER NOT NULL,
    description  TEXT NOT NULL
) STRICT;
CREATE TABLE framework (
    id          INTEGER PRIMARY KEY,
    ord         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    version     TEXT NOT NULL,
    description TEXT NOT NULL
) STRICT;
CREATE TABLE competency (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL,
    parent_id    INTEGER,
    ord          INTEGER NOT NULL,
    code         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL
) STRICT;
CREATE TABLE course (
    id               INTEGER PRIMARY KEY,
    ord              INTEGER NOT NULL,
    code             TEXT NOT NULL,
    title            TEXT NOT NULL,
    year             INTEGER NOT NULL,
    term             TEXT NOT NULL,
    credits          REAL NOT NULL,
    contact_hours    REAL NOT NULL,
    self_study_hours REAL NOT NULL,
    description      TEXT NOT NULL,
    prerequisites    TEXT NOT NULL,
    director         TEXT NOT NULL,
    delivery_mode    TEXT NOT NULL,
    status           TEXT NOT NULL
) STRICT;
CREATE TABLE objective (
    id             INTEGER PRIMARY KEY,
    course_id      INTEGER NOT NULL,
    ord            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    bloom_override TEXT,
    domain         TEXT,
    miller_target  TEXT,
    status         TEXT NOT NULL
) STRICT;
CREATE TABLE activity (
    id                INTEGER PRIMARY KEY,
    course_id         INTEGER NOT NULL,
    ord               INTEGER NOT NULL,
    title             TEXT NOT NULL,
    method            TEXT NOT NULL,
    learning_type     TEXT,
    week              INTEGER,
    minutes           INTEGER NOT NULL,
    interprofessional INTEGER NOT NULL,
    description       TEXT NOT NULL,
    status            TEXT NOT NULL
) STRICT;
CREATE TABLE assessment (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL,
    ord         INTEGER NOT NULL,
    title       TEXT NOT NULL,
    method      TEXT NOT NULL,
    summative   INTEGER NOT NULL,
    weight      REAL NOT NULL,
    week        INTEGER,
    description TEXT NOT NULL,
    status      TEXT NOT NULL
) STRICT;
CREATE TABLE comment (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL,
    parent_id  INTEGER,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    text       TEXT NOT NULL,
    resolved   INTEGER NOT NULL
) STRICT;
CREATE TABLE link (
    kind         TEXT NOT NULL,
    objective_id INTEGER NOT NULL,
    target_id    INTEGER NOT NULL,
    share        REAL,
    contribution TEXT,
    PRIMARY KEY (kind, objective_id, target_id)
) STRICT, WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('next_id', 1);
)sql";

// Version 2: findings acknowledged with a justification; the program's hours per credit for the
// hours-versus-credits rule (45: the US federal credit hour, one hour in class and two outside for 15 weeks).
constexpr std::string_view v2 = R"sql(
CREATE TABLE acknowledgement (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL,
    rule          TEXT NOT NULL,
    justification TEXT NOT NULL,
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
ALTER TABLE program ADD COLUMN hours_per_credit REAL NOT NULL DEFAULT 45;
)sql";

// Version 3: review. Comments on links (the objective in item_id, the link's target here); the history of
// review statuses; named versions of the whole map, each a snapshot in the JSON interchange format kept in
// parts of at most 1 MiB (a large map's snapshot outgrows the row size the store allows a hostile file).
constexpr std::string_view v3 = R"sql(
ALTER TABLE comment ADD COLUMN target_id INTEGER;
CREATE TABLE status_change (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL,
    status        TEXT NOT NULL,
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    justification TEXT NOT NULL
) STRICT;
CREATE TABLE version (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE version_part (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    content    BLOB NOT NULL,
    UNIQUE (version_id, seq)
) STRICT;
)sql";

// Version 4: the revision contract (docs/file-format.md). Each commit bumps meta 'revision' and stamps every
// record it writes with it; removals leave a tombstone with theirs, so a writer that read the map at revision
// R finds what others changed since (rows and tombstones with a later revision). The log names who made each
// recent revision, for messages. (Review records missing for statuses set before this version are added by
// the upgrade itself: SqliteStore.)
constexpr std::string_view v4 = R"sql(
ALTER TABLE program ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE framework ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE competency ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE course ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objective ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activity ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessment ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comment ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE acknowledgement ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE status_change ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE link ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE TABLE removed_item (
    id       INTEGER PRIMARY KEY,
    revision INTEGER NOT NULL
) STRICT;
CREATE TABLE removed_link (
    kind         TEXT NOT NULL,
    objective_id INTEGER NOT NULL,
    target_id    INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    PRIMARY KEY (kind, objective_id, target_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE revision_log (
    revision    INTEGER PRIMARY KEY,
    author      TEXT NOT NULL,
    program     TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('revision', 0);
)sql";

// Version 5: what the AAMC Curriculum Inventory and CASE need. Courses as sequence blocks (length, dates,
// clerkship model, required / optional / in a track, placed within another course, how the courses within
// follow one another, how many of them a learner takes); teaching activities and assessments as events (MeSH
// keywords, AAMC resource types, attendance required; an assessment's duration); the identifiers and URIs of
// CASE documents and items and the AAMC's PCRS ids; a framework's short code; and the CASE associations of a
// competency beyond its place in the tree, under the revision contract like every item table.
constexpr std::string_view v5 = R"sql(
ALTER TABLE course ADD COLUMN weeks INTEGER;
ALTER TABLE course ADD COLUMN start_date TEXT NOT NULL DEFAULT '';
ALTER TABLE course ADD COLUMN end_date TEXT NOT NULL DEFAULT '';
ALTER TABLE course ADD COLUMN clerkship_model TEXT;
ALTER TABLE course ADD COLUMN requirement TEXT NOT NULL DEFAULT 'required';
ALTER TABLE course ADD COLUMN parent_course_id INTEGER;
ALTER TABLE course ADD COLUMN child_order TEXT NOT NULL DEFAULT 'ordered';
ALTER TABLE course ADD COLUMN minimum INTEGER;
ALTER TABLE course ADD COLUMN maximum INTEGER;
ALTER TABLE activity ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE activity ADD COLUMN resource_types TEXT NOT NULL DEFAULT '';
ALTER TABLE activity ADD COLUMN required INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assessment ADD COLUMN minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assessment ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE assessment ADD COLUMN resource_types TEXT NOT NULL DEFAULT '';
ALTER TABLE assessment ADD COLUMN required INTEGER NOT NULL DEFAULT 1;
ALTER TABLE framework ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE framework ADD COLUMN identifier TEXT NOT NULL DEFAULT '';
ALTER TABLE framework ADD COLUMN uri TEXT NOT NULL DEFAULT '';
ALTER TABLE competency ADD COLUMN identifier TEXT NOT NULL DEFAULT '';
ALTER TABLE competency ADD COLUMN uri TEXT NOT NULL DEFAULT '';
CREATE TABLE association (
    id                INTEGER PRIMARY KEY,
    competency_id     INTEGER NOT NULL,
    type              TEXT NOT NULL,
    identifier        TEXT NOT NULL,
    uri               TEXT NOT NULL,
    target_identifier TEXT NOT NULL,
    target_uri        TEXT NOT NULL,
    target_title      TEXT NOT NULL,
    sequence_number   INTEGER,
    revision          INTEGER NOT NULL DEFAULT 0
) STRICT;
)sql";

constexpr std::array<Migration, 5> all { { { 1, v1 }, { 2, v2 }, { 3, v3 }, { 4, v4 }, { 5, v5 } } };
}

std::span<const Migration> migrations()
{
    return all;
}
int currentVersion()
{
    return all.back().version;
}

} // namespace coursemap::schema
