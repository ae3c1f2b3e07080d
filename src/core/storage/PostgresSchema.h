// The schema of a Coursemap database on PostgreSQL (schema "coursemap"), one migration per version, each run
// in one transaction with the version row. Never edit a released migration: add one.
#pragma once

#include <span>
#include <string_view>

namespace coursemap::pgschema {

struct Migration
{
    int version;
    std::string_view sql;
};

std::span<const Migration> migrations();
int currentVersion();

// The tables that hold records of a program, in the order they are read.
inline constexpr std::string_view GroupRole = "coursemap_user";

} // namespace coursemap::pgschema
