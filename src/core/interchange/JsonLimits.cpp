#include "coursemap/interchange/JsonLimits.h"

#include "coursemap/Error.h"

namespace coursemap {

namespace {
struct TooDeep
{
};
}

nlohmann::json parseJson(std::string_view text, std::string_view source)
{
    const std::string where(source);
    if (text.size() > MaxJsonBytes)
        throw Error(ErrorCode::InvalidInput, where + " is too large to import (more than 256 MB).");
    try {
        return nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (depth > MaxJsonDepth)
                throw TooDeep {};
            return true;
        });
    } catch (const TooDeep&) {
        throw Error(ErrorCode::InvalidInput,
            where + " nests its values more than " + std::to_string(MaxJsonDepth)
                + " levels deep; a course map never does.");
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann's message: "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
        std::string what = e.what();
        if (auto at = what.find("parse error"); at != std::string::npos)
            what = what.substr(at);
        throw Error(ErrorCode::InvalidInput, where + " is not valid JSON: " + what, e.what());
    } catch (const nlohmann::json::out_of_range& e) {
        // A number too large for a double ("2e330"): found by fuzzing the importer.
        std::string what = e.what();
        if (auto at = what.find("number overflow"); at != std::string::npos)
            what = what.substr(at);
        throw Error(ErrorCode::InvalidInput, where + " is not valid JSON: " + what, e.what());
    }
}

} // namespace coursemap
