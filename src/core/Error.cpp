#include "coursemap/Error.h"

namespace coursemap {

Error::Error(ErrorCode code, std::string message, std::string detail)
    : std::runtime_error(message)
    , code_(code)
    , message_(std::move(message))
    , detail_(std::move(detail))
{ }

const char* errorCodeName(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::NotFound:
        return "not-found";
    case ErrorCode::NotCoursemap:
        return "not-coursemap";
    case ErrorCode::Corrupt:
        return "corrupt";
    case ErrorCode::NewerVersion:
        return "newer-version";
    case ErrorCode::Busy:
        return "busy";
    case ErrorCode::ReadOnly:
        return "read-only";
    case ErrorCode::DiskFull:
        return "disk-full";
    case ErrorCode::Io:
        return "io";
    case ErrorCode::InvalidInput:
        return "invalid-input";
    case ErrorCode::InvalidEdit:
        return "invalid-edit";
    case ErrorCode::AlreadyExists:
        return "already-exists";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::ForeignSchema:
        return "foreign-schema";
    case ErrorCode::Interrupted:
        return "interrupted";
    case ErrorCode::Forbidden:
        return "forbidden";
    }
    return "unknown";
}

} // namespace coursemap
