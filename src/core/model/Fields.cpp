#include "coursemap/model/Fields.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace coursemap {

using nlohmann::json;

namespace {

struct TextLimits
{
    bool required = false;
    std::size_t maxLength = MaxTextLength;
};

template <class T> Field<T> idField()
{
    return { "id", ValueType::Integer, FieldRole::Id, false, "a whole number from 1 to 2^53 - 1",
        [](const T& item) { return json(item.id); },
        [](T& item, const json& v) -> std::string {
            if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > MaxId)
                return "must be a whole number from 1 to 9007199254740991 (2^53 - 1)";
            item.id = v.get<Id>();
            return {};
        } };
}

template <class T> Field<T> idRef(std::string_view name, Id T::*member, FieldRole role, bool nullable)
{
    return { name, ValueType::Integer, role, nullable, "the id of an item",
        [member](const T& item) { return item.*member == NoId ? json(nullptr) : json(item.*member); },
        [member, nullable](T& item, const json& v) -> std::string {
            if (v.is_null() && nullable) {
                item.*member = NoId;
                return {};
            }
            if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > MaxId)
                return "must be the id of an item";
            item.*member = v.get<Id>();
            return {};
        },
        member };
}

template <class T> Field<T> orderField()
{
    return { "ord", ValueType::Integer, FieldRole::Order, false, "a whole number",
        [](const T& item) { return json(item.order); },
        [](T& item, const json& v) -> std::string {
            if (!v.is_number_integer())
                return "must be a whole number";
            const auto n = v.get<std::int64_t>();
            if (n < 0 || n > std::numeric_limits<int>::max())
                return "must be a whole number of at least 0";
            item.order = static_cast<int>(n);
            return {};
        } };
}

} // namespace

bool validUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int extra = 0;
        std::uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            code = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            code = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(extra) >= s.size()) // cut off at the end
            return false;
        for (int k = 1; k <= extra; ++k) {
            const auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((d & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (d & 0x3F);
        }
        if ((extra == 2 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF)))
            || (extra == 3 && (code < 0x10000 || code > 0x10FFFF)))
            return false;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

namespace {

// Characters as a reader counts them: Unicode code points (a Chinese character is one, not three bytes).
std::size_t characterCount(std::string_view utf8)
{
    return static_cast<std::size_t>(std::count_if(
        utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

template <class T> Field<T> text(std::string_view name, std::string T::*member, TextLimits limits = {})
{
    return { name, ValueType::Text, FieldRole::Data, false,
        limits.required ? "text that is not empty" : "text",
        [member](const T& item) { return json(item.*member); },
        [member, limits](T& item, const json& v) -> std::string {
            if (!v.is_string())
                return "must be text";
            const auto& s = v.get_ref<const std::string&>();
            const auto tooLong = "is too long (at most " + std::to_string(limits.maxLength) + " characters)";
            // No character takes more than four bytes: a longer text is refused before it is scanned.
            if (s.size() > 4 * limits.maxLength)
                return tooLong;
            if (!validUtf8(s))
                return "is not valid UTF-8 text";
            if (characterCount(s) > limits.maxLength)
                return tooLong;
            if (limits.required && s.find_first_not_of(" \t\r\n") == std::string::npos)
                return "must not be empty";
            item.*member = s;
            return {};
        } };
}

// A moment in UTC as nowUtc() writes it, "2026-11-25T06:01:02Z" (ISO 8601), with a real date and time.
bool utcTimestamp(std::string_view s)
{
    if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
        || s[19] != 'Z')
        return false;
    const auto number = [&](std::size_t at, std::size_t digits) {
        int n = 0;
        for (std::size_t i = at; i < at + digits; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return -1;
            n = n * 10 + (s[i] - '0');
        }
        return n;
    };
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 60) // 60: a leap second
        return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

// When a comment, acceptance or status change was made: a UTC time, or empty when it was not recorded (edit
// lines and older maps may leave it out).
template <class T> Field<T> timestamp(std::string_view name, std::string T::*member)
{
    return { name, ValueType::Text, FieldRole::Data, false, "a UTC time such as 2026-11-25T06:01:02Z",
        [member](const T& item) { return json(item.*member); },
        [member](T& item, const json& v) -> std::string {
            if (!v.is_string()
                || (!v.get_ref<const std::string&>().empty()
                    && !utcTimestamp(v.get_ref<const std::string&>())))
                return "must be a time in UTC written as 2026-11-25T06:01:02Z (ISO 8601), or empty";
            item.*member = v.get<std::string>();
            return {};
        } };
}

std::string rangeWords(double lo, double hi, bool whole)
{
    auto fmt = [](double x) {
        auto s = std::to_string(x);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.')
            s.pop_back();
        return s;
    };
    return std::string(whole ? "a whole number" : "a number") + " from " + fmt(lo) + " to " + fmt(hi);
}

template <class T> Field<T> integer(std::string_view name, int T::*member, int lo, int hi)
{
    const auto words = rangeWords(lo, hi, true);
    return { name, ValueType::Integer, FieldRole::Data, false, words,
        [member](const T& item) { return json(item.*member); },
        [member, lo, hi, words](T& item, const json& v) -> std::string {
            if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
                return "must be " + words;
            item.*member = static_cast<int>(v.get<std::int64_t>());
            return {};
        } };
}

template <class T>
Field<T> optionalInteger(std::string_view name, std::optional<int> T::*member, int lo, int hi)
{
    const auto words = rangeWords(lo, hi, true);
    return { name, ValueType::Integer, FieldRole::Data, true, words + " or null",
        [member](const T& item) { return item.*member ? json(*(item.*member)) : json(nullptr); },
        [member, lo, hi, words](T& item, const json& v) -> std::string {
            if (v.is_null()) {
                item.*member = std::nullopt;
                return {};
            }
            if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
                return "must be " + words + " or null";
            item.*member = static_cast<int>(v.get<std::int64_t>());
            return {};
        } };
}

template <class T> Field<T> real(std::string_view name, double T::*member, double lo, double hi)
{
    const auto words = rangeWords(lo, hi, false);
    return { name, ValueType::Real, FieldRole::Data, false, words,
        [member](const T& item) { return json(item.*member); },
        [member, lo, hi, words](T& item, const json& v) -> std::string {
            if (!v.is_number())
                return "must be " + words;
            const double x = v.get<double>();
            if (!std::isfinite(x) || x < lo || x > hi)
                return "must be " + words;
            item.*member = x;
            return {};
        } };
}

template <class T> Field<T> boolean(std::string_view name, bool T::*member)
{
    return { name, ValueType::Boolean, FieldRole::Data, false, "true or false",
        [member](const T& item) { return json(item.*member); },
        [member](T& item, const json& v) -> std::string {
            if (!v.is_boolean())
                return "must be true or false";
            item.*member = v.get<bool>();
            return {};
        } };
}

template <class T, class E> Field<T> enumeration(std::string_view name, E T::*member)
{
    return { name, ValueType::Enum, FieldRole::Data, false, enumChoices<E>(),
        [member](const T& item) { return json(std::string(toString(item.*member))); },
        [member](T& item, const json& v) -> std::string {
            const auto e = v.is_string() ? parseEnum<E>(v.get_ref<const std::string&>()) : std::nullopt;
            if (!e)
                return "must be " + enumChoices<E>();
            item.*member = *e;
            return {};
        } };
}

template <class T, class E> Field<T> optionalEnum(std::string_view name, std::optional<E> T::*member)
{
    return { name, ValueType::Enum, FieldRole::Data, true, enumChoices<E>() + ", or null",
        [member](const T& item) {
            return item.*member ? json(std::string(toString(*(item.*member)))) : json(nullptr);
        },
        [member](T& item, const json& v) -> std::string {
            if (v.is_null()) {
                item.*member = std::nullopt;
                return {};
            }
            const auto e = v.is_string() ? parseEnum<E>(v.get_ref<const std::string&>()) : std::nullopt;
            if (!e)
                return "must be " + enumChoices<E>() + ", or null";
            item.*member = *e;
            return {};
        } };
}

// AAMC method codes: two letters and three digits ("IM013", "AM004").
template <class T> Field<T> methodCode(std::string_view name, std::string T::*member, char first)
{
    const std::string prefix { first, 'M' };
    return { name, ValueType::Text, FieldRole::Data, false, "an AAMC code such as " + prefix + "001",
        [member](const T& item) { return json(item.*member); },
        [member, prefix](T& item, const json& v) -> std::string {
            const bool ok = v.is_string() && v.get_ref<const std::string&>().size() == 5
                && v.get_ref<const std::string&>().starts_with(prefix)
                && std::all_of(v.get_ref<const std::string&>().begin() + 2,
                    v.get_ref<const std::string&>().end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!ok)
                return "must be an AAMC method code such as " + prefix + "001";
            item.*member = v.get<std::string>();
            return {};
        } };
}

// Rule ids: lower-case words joined by hyphens ("objective-not-assessed").
template <class T> Field<T> ruleId(std::string_view name, std::string T::*member)
{
    return { name, ValueType::Text, FieldRole::Data, false, "a rule id such as objective-not-assessed",
        [member](const T& item) { return json(item.*member); },
        [member](T& item, const json& v) -> std::string {
            const bool ok = v.is_string() && !v.get_ref<const std::string&>().empty()
                && v.get_ref<const std::string&>().size() <= 64
                && std::all_of(v.get_ref<const std::string&>().begin(), v.get_ref<const std::string&>().end(),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
            if (!ok)
                return "must be a rule id such as objective-not-assessed";
            item.*member = v.get<std::string>();
            return {};
        } };
}

// A calendar date written YYYY-MM-DD, or empty.
bool isCalendarDate(std::string_view s)
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (std::size_t i : { 0, 1, 2, 3, 5, 6, 8, 9 })
        if (s[i] < '0' || s[i] > '9')
            return false;
    const auto n = [&](std::size_t at, std::size_t len) {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i)
            v = v * 10 + (s[i] - '0');
        return v;
    };
    const int y = n(0, 4), m = n(5, 2), d = n(8, 2);
    static constexpr int days[] { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

template <class T> Field<T> date(std::string_view name, std::string T::*member)
{
    return { name, ValueType::Text, FieldRole::Data, false, "a date written YYYY-MM-DD, or empty",
        [member](const T& item) { return json(item.*member); },
        [member](T& item, const json& v) -> std::string {
            if (!v.is_string()
                || !(v.get_ref<const std::string&>().empty()
                    || isCalendarDate(v.get_ref<const std::string&>())))
                return "must be a date written YYYY-MM-DD (2026-08-31), or empty";
            item.*member = v.get<std::string>();
            return {};
        } };
}

// An id that a user sets (a course placed within another), or null: not a container, so removing the item
// it names does not remove this one.
template <class T> Field<T> optionalId(std::string_view name, Id T::*member)
{
    return { name, ValueType::Integer, FieldRole::Data, true, "the id of an item, or null",
        [member](const T& item) { return item.*member == NoId ? json(nullptr) : json(item.*member); },
        [member](T& item, const json& v) -> std::string {
            if (v.is_null()) {
                item.*member = NoId;
                return {};
            }
            if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > MaxId)
                return "must be the id of an item, or null";
            item.*member = v.get<Id>();
            return {};
        } };
}

// Codes of a vocabulary separated by semicolons: "RE005; RE021". Each is two letters and three digits.
template <class T> Field<T> codeList(std::string_view name, std::string T::*member, std::string prefix)
{
    return { name, ValueType::Text, FieldRole::Data, false,
        "AAMC codes such as " + prefix + "005, separated by semicolons",
        [member](const T& item) { return json(item.*member); },
        [member, prefix](T& item, const json& v) -> std::string {
            if (!v.is_string())
                return "must be text";
            const auto& s = v.get_ref<const std::string&>();
            if (s.size() > 2'000)
                return "is too long (at most 2000 characters)";
            std::size_t start = 0;
            while (start <= s.size()) {
                auto end = s.find(';', start);
                if (end == std::string::npos)
                    end = s.size();
                auto token = std::string_view(s).substr(start, end - start);
                while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
                    token.remove_prefix(1);
                while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
                    token.remove_suffix(1);
                const bool ok = token.empty()
                    || (token.size() == 5 && token.starts_with(prefix)
                        && std::all_of(
                            token.begin() + 2, token.end(), [](char c) { return c >= '0' && c <= '9'; }));
                if (!ok)
                    return "must be AAMC codes such as " + prefix + "005, separated by semicolons (\""
                        + std::string(token) + "\" is not one)";
                start = end + 1;
            }
            item.*member = s;
            return {};
        } };
}

// A CASE association type: one of CASE 1.0's, or an extension named "ext:...".
Field<Association> associationType()
{
    return { "type", ValueType::Text, FieldRole::Data, false, "a CASE association type such as exactMatchOf",
        [](const Association& a) { return json(a.type); },
        [](Association& a, const json& v) -> std::string {
            if (!v.is_string())
                return "must be a CASE association type such as exactMatchOf";
            const auto& s = v.get_ref<const std::string&>();
            bool ok = s.size() > 4 && s.size() <= 64 && s.starts_with("ext:") && validUtf8(s);
            for (const char* known : CaseAssociationTypes)
                ok = ok || s == known;
            if (!ok)
                return "must be a CASE association type (isChildOf, isPeerOf, isPartOf, exactMatchOf, "
                       "precedes, isRelatedTo, replacedBy, exemplar, hasSkillLevel) or an extension "
                       "\"ext:...\"";
            a.type = s;
            return {};
        } };
}

constexpr TextLimits required { true, 2'000 };
constexpr TextLimits shortText { false, 2'000 };

} // namespace

template <> const std::vector<Field<Program>>& fieldsOf<Program>()
{
    static const std::vector<Field<Program>> f {
        idField<Program>(),
        text("name", &Program::name, required),
        text("institution", &Program::institution, shortText),
        text("degree", &Program::degree, shortText),
        integer("length_years", &Program::lengthYears, 1, 12),
        text("description", &Program::description),
        real("hours_per_credit", &Program::hoursPerCredit, 1, 100),
    };
    return f;
}

template <> const std::vector<Field<Framework>>& fieldsOf<Framework>()
{
    static const std::vector<Field<Framework>> f {
        idField<Framework>(),
        orderField<Framework>(),
        text("name", &Framework::name, required),
        text("publisher", &Framework::publisher, shortText),
        text("version", &Framework::version, shortText),
        text("description", &Framework::description),
        text("code", &Framework::code, { false, 64 }),
        text("identifier", &Framework::identifier, shortText),
        text("uri", &Framework::uri, shortText),
    };
    return f;
}

template <> const std::vector<Field<Competency>>& fieldsOf<Competency>()
{
    static const std::vector<Field<Competency>> f {
        idField<Competency>(),
        idRef("framework_id", &Competency::frameworkId, FieldRole::Parent, false),
        idRef("parent_id", &Competency::parentId, FieldRole::Parent, true),
        orderField<Competency>(),
        text("code", &Competency::code, shortText),
        text("title", &Competency::title, required),
        text("description", &Competency::description),
        text("identifier", &Competency::identifier, shortText),
        text("uri", &Competency::uri, shortText),
    };
    return f;
}

template <> const std::vector<Field<Course>>& fieldsOf<Course>()
{
    static const std::vector<Field<Course>> f {
        idField<Course>(),
        orderField<Course>(),
        text("code", &Course::code, required),
        text("title", &Course::title, required),
        integer("year", &Course::year, 1, 12),
        text("term", &Course::term, shortText),
        real("credits", &Course::credits, 0, 200),
        real("contact_hours", &Course::contactHours, 0, 10'000),
        real("self_study_hours", &Course::selfStudyHours, 0, 10'000),
        text("description", &Course::description),
        text("prerequisites", &Course::prerequisites),
        text("director", &Course::director, shortText),
        enumeration("delivery_mode", &Course::deliveryMode),
        optionalInteger("weeks", &Course::weeks, 1, 104),
        date("start_date", &Course::startDate),
        date("end_date", &Course::endDate),
        optionalEnum("clerkship_model", &Course::clerkshipModel),
        enumeration("requirement", &Course::requirement),
        optionalId("parent_course_id", &Course::parentCourseId),
        enumeration("child_order", &Course::childOrder),
        optionalInteger("minimum", &Course::minimum, 1, 1000),
        optionalInteger("maximum", &Course::maximum, 1, 1000),
        enumeration("status", &Course::status),
    };
    return f;
}

template <> const std::vector<Field<Objective>>& fieldsOf<Objective>()
{
    static const std::vector<Field<Objective>> f {
        idField<Objective>(),
        idRef("course_id", &Objective::courseId, FieldRole::Parent, false),
        orderField<Objective>(),
        text("text", &Objective::text, { true, 5'000 }),
        optionalEnum("bloom_override", &Objective::bloomOverride),
        optionalEnum("domain", &Objective::domain),
        optionalEnum("miller_target", &Objective::millerTarget),
        enumeration("status", &Objective::status),
    };
    return f;
}

template <> const std::vector<Field<Activity>>& fieldsOf<Activity>()
{
    static const std::vector<Field<Activity>> f {
        idField<Activity>(),
        idRef("course_id", &Activity::courseId, FieldRole::Parent, false),
        orderField<Activity>(),
        text("title", &Activity::title, required),
        methodCode("method", &Activity::method, 'I'),
        optionalEnum("learning_type", &Activity::learningType),
        optionalInteger("week", &Activity::week, 1, 104),
        integer("minutes", &Activity::minutes, 0, 100'000),
        boolean("interprofessional", &Activity::interprofessional),
        text("description", &Activity::description),
        text("keywords", &Activity::keywords, shortText),
        codeList("resource_types", &Activity::resourceTypes, "RE"),
        boolean("required", &Activity::required),
        enumeration("status", &Activity::status),
    };
    return f;
}

template <> const std::vector<Field<Assessment>>& fieldsOf<Assessment>()
{
    static const std::vector<Field<Assessment>> f {
        idField<Assessment>(),
        idRef("course_id", &Assessment::courseId, FieldRole::Parent, false),
        orderField<Assessment>(),
        text("title", &Assessment::title, required),
        methodCode("method", &Assessment::method, 'A'),
        boolean("summative", &Assessment::summative),
        real("weight", &Assessment::weight, 0, 100),
        optionalInteger("week", &Assessment::week, 1, 104),
        integer("minutes", &Assessment::minutes, 0, 100'000),
        text("description", &Assessment::description),
        text("keywords", &Assessment::keywords, shortText),
        codeList("resource_types", &Assessment::resourceTypes, "RE"),
        boolean("required", &Assessment::required),
        enumeration("status", &Assessment::status),
    };
    return f;
}

template <> const std::vector<Field<Comment>>& fieldsOf<Comment>()
{
    static const std::vector<Field<Comment>> f {
        idField<Comment>(),
        idRef("item_id", &Comment::itemId, FieldRole::Reference, false),
        idRef("parent_id", &Comment::parentId, FieldRole::Reference, true),
        idRef("target_id", &Comment::targetId, FieldRole::Reference, true),
        text("author", &Comment::author, required),
        timestamp("created_at", &Comment::createdAt),
        text("text", &Comment::text, { true, 20'000 }),
        boolean("resolved", &Comment::resolved),
    };
    return f;
}

template <> const std::vector<Field<Acknowledgement>>& fieldsOf<Acknowledgement>()
{
    static const std::vector<Field<Acknowledgement>> f {
        idField<Acknowledgement>(),
        idRef("item_id", &Acknowledgement::itemId, FieldRole::Reference, false),
        ruleId("rule", &Acknowledgement::rule),
        text("justification", &Acknowledgement::justification, { true, 20'000 }),
        text("author", &Acknowledgement::author, shortText),
        timestamp("created_at", &Acknowledgement::createdAt),
    };
    return f;
}

template <> const std::vector<Field<StatusChange>>& fieldsOf<StatusChange>()
{
    static const std::vector<Field<StatusChange>> f {
        idField<StatusChange>(),
        idRef("item_id", &StatusChange::itemId, FieldRole::Reference, false),
        enumeration("status", &StatusChange::status),
        text("author", &StatusChange::author, shortText),
        timestamp("created_at", &StatusChange::createdAt),
        text("justification", &StatusChange::justification, { false, 20'000 }),
    };
    return f;
}

template <> const std::vector<Field<Association>>& fieldsOf<Association>()
{
    static const std::vector<Field<Association>> f {
        idField<Association>(),
        idRef("competency_id", &Association::competencyId, FieldRole::Parent, false),
        associationType(),
        text("identifier", &Association::identifier, shortText),
        text("uri", &Association::uri, shortText),
        text("target_identifier", &Association::targetIdentifier, shortText),
        text("target_uri", &Association::targetUri, shortText),
        text("target_title", &Association::targetTitle, shortText),
        optionalInteger("sequence_number", &Association::sequenceNumber, -1'000'000, 1'000'000),
    };
    return f;
}

} // namespace coursemap
