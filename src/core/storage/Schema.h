// The file's schema, one migration per version. Migration N takes a file from user_version N-1 to N and
// runs in the same transaction as the user_version change. Never edit a released migration: add one.
#pragma once

#include <span>
#include <string_view>

namespace coursemap::schema {

struct Migration
{
    int version;
    std::string_view sql;
};

std::span<const Migration> migrations();
int currentVersion();

} // namespace coursemap::schema
