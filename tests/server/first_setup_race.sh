#!/bin/bash
# The first `coursemap server init` on a cluster makes the cluster-wide role coursemap_user. Another database
# on the same cluster being set up at the same moment (a second school, or the server tests run in parallel)
# may make it between the check and the CREATE: that must not fail the set-up (it did, as a "conflict", in CI).
# Needs a cluster where no Coursemap database was ever set up (label fresh-cluster; scripts/test runs it
# under a pg_virtualenv of its own).  Usage: first_setup_race.sh PATH/TO/coursemap
set -euo pipefail
coursemap=$1
if [ -n "$(psql -d postgres -Atc "SELECT 1 FROM pg_roles WHERE rolname = 'coursemap_user'")" ]; then
    echo "this test needs a cluster without the role coursemap_user (run it under pg_virtualenv on its own)" >&2
    exit 1
fi
createdb cm_race_holder
createdb cm_race_school
# Another set-up has made the role and not yet committed when this one checks for it.
( echo "BEGIN; CREATE ROLE coursemap_user NOLOGIN;"; sleep 2; echo "COMMIT;" ) | psql -q -v ON_ERROR_STOP=1 -d cm_race_holder &
holder=$!
sleep 0.5
"$coursemap" server init "postgresql://$PGUSER@$PGHOST:$PGPORT/cm_race_school"
wait "$holder"
test "$(psql -d cm_race_school -Atc "SELECT version FROM coursemap.schema_version")" -ge 1
echo "set up while another set-up made the role: ok"
