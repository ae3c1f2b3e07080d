// A server address without its passwords, for keeping: what `pull` stores in a laptop copy.
#pragma once

#include <optional>
#include <string>

namespace coursemap {

// The address rebuilt from libpq's own reading of it (PQconninfoParse: a postgresql:// URI or NAME=VALUE
// settings, in any spelling libpq accepts) without its password and sslpassword, so that it connects as the
// address does; nothing when libpq cannot read the address. displayAddress (PostgresStore.h) shows this.
std::optional<std::string> addressWithoutPasswords(const std::string& address);

} // namespace coursemap
