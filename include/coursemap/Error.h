// Errors a user can act on. Every failure at a boundary (opening a file, importing, applying an edit)
// is reported as an Error: a code for programs, a sentence for a teacher, a detail for the log.
#pragma once

#include <stdexcept>
#include <string>

namespace coursemap {

enum class ErrorCode
{
    NotFound, // the file does not exist
    NotCoursemap, // the file is not a course map (another SQLite file, or not SQLite at all)
    Corrupt, // the file is a course map but damaged
    NewerVersion, // written by a newer Coursemap Studio
    Busy, // another program is writing the file
    ReadOnly, // the file or its folder cannot be written
    DiskFull, // no space left for the change
    Io, // any other failure to read or write
    InvalidInput, // bad JSON, bad edit, bad field value
    InvalidEdit, // an edit that does not fit the document (unknown id, duplicate link, ...)
    AlreadyExists, // refusing to overwrite an existing file
    Conflict, // another program changed what this one was changing; nothing was written
    ForeignSchema, // the file holds tables, indexes, triggers or views the format does not define
    Interrupted, // the last change to the file was interrupted and must be rolled back by opening it to edit
    Forbidden, // the server does not let this user make this change
};

class Error : public std::runtime_error
{
public:
    Error(ErrorCode code, std::string message, std::string detail = {});

    ErrorCode code() const noexcept { return code_; }
    // A sentence a teacher can read, saying what happened and, where possible, what to do next.
    const std::string& message() const noexcept { return message_; }
    // Technical detail for the log (SQLite error text, JSON pointer, ...).
    const std::string& detail() const noexcept { return detail_; }

private:
    ErrorCode code_;
    std::string message_;
    std::string detail_;
};

const char* errorCodeName(ErrorCode code) noexcept;

} // namespace coursemap
