#include "coursemap/interchange/JsonLimits.h"

#include "ItemJson.h"
#include "coursemap/Error.h"

#include <algorithm>
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

// Builds the document from nlohmann's SAX events, as its own DOM parser does, and checks as it goes: nesting
// deeper than MaxJsonDepth is refused before it is built, and so is a key given twice in one object (readers
// differ on which one counts: nlohmann keeps the last, others the first, so it is a value quietly misread).
// nlohmann's parser with a callback would do the first, but it walks the whole enclosing list after every
// object it reads: quadratic in the length of a list of objects (100,000 CASE items took seconds).
class CheckedDom
{
public:
    explicit CheckedDom(nlohmann::json& root)
        : root_(root)
    { }

    bool null() { return add(nullptr); }
    bool boolean(bool value) { return add(value); }
    bool number_integer(std::int64_t value) { return add(value); }
    bool number_unsigned(std::uint64_t value) { return add(value); }
    bool number_float(double value, const std::string&) { return add(value); }
    bool string(std::string& value) { return add(std::move(value)); }
    bool binary(nlohmann::json::binary_t& value) { return add(std::move(value)); }

    bool start_object(std::size_t) { return open(nlohmann::json::value_t::object); }
    bool start_array(std::size_t) { return open(nlohmann::json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string& key)
    {
        auto& object = *open_.back();
        if (object.contains(key))
            throw RepeatedKey { key, pointer() };
        member_ = &object[key];
        return true;
    }

    // Rethrown as the parser made it (parse_error, or out_of_range for a number too large for a double).
    template <class Exception> bool parse_error(std::size_t, const std::string&, const Exception& e)
    {
        throw e;
    }

private:
    template <class Value> nlohmann::json* add(Value&& value)
    {
        if (open_.empty()) {
            root_ = nlohmann::json(std::forward<Value>(value));
            return &root_;
        }
        auto& parent = *open_.back();
        if (parent.is_array()) {
            parent.get_ref<nlohmann::json::array_t&>().emplace_back(std::forward<Value>(value));
            return &parent.get_ref<nlohmann::json::array_t&>().back();
        }
        *member_ = nlohmann::json(std::forward<Value>(value));
        return member_;
    }

    bool open(nlohmann::json::value_t type)
    {
        if (open_.size() >= static_cast<std::size_t>(MaxJsonDepth))
            throw TooDeep {};
        // While it is open nothing else is added to its parent, so the pointer stays good.
        open_.push_back(add(type));
        return true;
    }

    bool close()
    {
        open_.pop_back();
        return true;
    }

    // The JSON pointer of the innermost open value, found by looking each one up in its parent.
    std::string pointer() const
    {
        std::string out;
        for (std::size_t i = 1; i < open_.size(); ++i) {
            const auto& parent = *open_[i - 1];
            if (parent.is_array()) {
                out += "/" + std::to_string(parent.size() - 1);
                continue;
            }
            for (const auto& [key, value] : parent.items())
                if (&value == open_[i]) {
                    out += "/" + itemjson::escapePointerToken(key);
                    break;
                }
        }
        return out;
    }

    nlohmann::json& root_;
    std::vector<nlohmann::json*> open_;
    nlohmann::json* member_ = nullptr; // the value of the key just read
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
        nlohmann::json root;
        CheckedDom dom(root);
        nlohmann::json::sax_parse(text, &dom);
        return root;
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
