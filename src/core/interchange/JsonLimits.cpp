#include "coursemap/interchange/JsonLimits.h"

#include "ItemJson.h"
#include "coursemap/Error.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

namespace coursemap {

namespace {

struct TooDeep
{
};

struct RepeatedKey
{
    std::string key;
    std::string pointer; // of the object that holds it twice
};

// Follows the parse to know where it is: for each open object the keys seen so far, for each open list the
// number of its elements. A key seen twice in one object is refused: readers differ on which one counts
// (nlohmann keeps the last, others the first), so a repeated key is a value quietly misread.
class KeyTracker
{
public:
    bool operator()(int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed)
    {
        using Event = nlohmann::json::parse_event_t;
        if (depth > MaxJsonDepth)
            throw TooDeep {};
        switch (event) {
        case Event::object_start:
        case Event::array_start:
            countElement();
            frames_.push_back({ event == Event::object_start, {}, {}, 0 });
            break;
        case Event::object_end:
        case Event::array_end:
            frames_.pop_back();
            break;
        case Event::key: {
            auto& frame = frames_.back();
            const auto& key = parsed.get_ref<const std::string&>();
            if (!frame.keys.insert(key).second)
                throw RepeatedKey { key, pointer(frames_.size() - 1) };
            frame.key = key;
            break;
        }
        case Event::value:
            countElement();
            break;
        }
        return true;
    }

private:
    struct Frame
    {
        bool object;
        std::unordered_set<std::string> keys;
        std::string key; // of the member being read
        std::size_t elements; // read or being read, in a list
    };

    void countElement()
    {
        if (!frames_.empty() && !frames_.back().object)
            ++frames_.back().elements;
    }

    // The JSON pointer of the value the first `depth` frames lead to.
    std::string pointer(std::size_t depth) const
    {
        std::string out;
        for (std::size_t i = 0; i < depth; ++i)
            out += "/"
                + (frames_[i].object ? itemjson::escapePointerToken(frames_[i].key)
                                     : std::to_string(frames_[i].elements - 1));
        return out;
    }

    std::vector<Frame> frames_;
};

// "line 3, column 7" of a byte offset, or "column 7" in text of one line.
std::string position(std::string_view text, std::size_t offset)
{
    const auto before = text.substr(0, offset);
    const auto lineStart = before.rfind('\n');
    const auto column = offset - (lineStart == std::string_view::npos ? 0 : lineStart + 1) + 1;
    if (text.find('\n') == std::string_view::npos)
        return "column " + std::to_string(column);
    const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

nlohmann::json parseJson(std::string_view text, std::string_view source)
{
    const std::string where(source);
    if (text.size() > MaxJsonBytes)
        throw Error(ErrorCode::InvalidInput, where + " is too large to import (more than 256 MB).");
    // nlohmann stops reading at a NUL byte and ignores what follows; JSON text never holds one.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos)
        throw Error(ErrorCode::InvalidInput,
            where + " holds a NUL character (byte 0) at " + position(text, nul)
                + ", which JSON text cannot hold; the text after it would be lost. (Inside a string, a NUL "
                  "is "
                  "written \\u0000.)");
    try {
        return nlohmann::json::parse(text, KeyTracker {});
    } catch (const TooDeep&) {
        throw Error(ErrorCode::InvalidInput,
            where + " nests its values more than " + std::to_string(MaxJsonDepth)
                + " levels deep; a course map never does.");
    } catch (const RepeatedKey& e) {
        throw Error(ErrorCode::InvalidInput,
            where + ": the key \"" + e.key + "\" appears twice in the object at "
                + (e.pointer.empty() ? std::string("the top level") : e.pointer)
                + "; a key may appear once in each object (readers differ on which value counts). Remove "
                  "one of them.");
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
