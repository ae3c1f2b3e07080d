#include "coursemap/interchange/JsonFormat.h"

#include "coursemap/analysis/Rules.h"

#include "ItemJson.h"
#include "coursemap/Error.h"
#include "coursemap/interchange/JsonLimits.h"
#include "coursemap/model/Validation.h"
#include "coursemap/review/Review.h"

#include <functional>

namespace coursemap {

using nlohmann::json;
using nlohmann::ordered_json;
using namespace itemjson;

namespace {

ordered_json competencyTree(const DocumentData& data, Id frameworkId, Id parentId)
{
    ordered_json list = ordered_json::array();
    for (const auto* c : data.competenciesOf(frameworkId, parentId)) {
        auto node = toJson(*c, false);
        node["competencies"] = competencyTree(data, frameworkId, c->id);
        // Only competencies that came with CASE associations carry the list, so most of the form stays short.
        if (const auto associations = data.associationsOf(c->id); !associations.empty()) {
            ordered_json list = ordered_json::array();
            for (const auto* a : associations)
                list.push_back(toJson(*a, false));
            node["associations"] = std::move(list);
        }
        list.push_back(std::move(node));
    }
    return list;
}

ordered_json objectiveJson(const DocumentData& data, const Objective& o)
{
    auto node = toJson(o, false);
    ordered_json taught = ordered_json::array(), assessed = ordered_json::array(),
                 competencies = ordered_json::array();
    for (const auto* link : data.linksOf(o.id)) {
        switch (link->key.kind) {
        case LinkKind::Teaches:
            taught.push_back(link->key.targetId);
            break;
        case LinkKind::Assesses:
            assessed.push_back({ { "assessment", link->key.targetId },
                { "share", link->share ? ordered_json(*link->share) : ordered_json(nullptr) } });
            break;
        case LinkKind::Maps:
            competencies.push_back({ { "competency", link->key.targetId },
                { "contribution", std::string(toString(*link->contribution)) } });
            break;
        }
    }
    node["taught_by"] = std::move(taught);
    node["assessed_by"] = std::move(assessed);
    node["competencies"] = std::move(competencies);
    return node;
}

// Reading: items are collected with the pointer they came from, then given ids, then checked against
// each other. Nothing is applied anywhere until all of it is known to be good.
struct Reader
{
    Problems problems;
    DocumentData data;
    std::vector<std::pair<Item, std::string>> pending; // read, not yet numbered and placed

    static inline const std::set<FieldRole> bodyFields { FieldRole::Id, FieldRole::Data };

    template <class T>
    void read(T item, const json& object, const std::string& pointer, const std::set<std::string>& extra)
    {
        fromJson(item, object, pointer, bodyFields, extra, problems);
        pending.emplace_back(std::move(item), pointer);
    }

    void readCompetencies(const json& list, const std::string& pointer, std::size_t frameworkSlot,
        std::optional<std::size_t> parentSlot)
    {
        if (!list.is_array()) {
            problems.add(pointer, "must be a list");
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string at = pointer + "/" + std::to_string(i);
            Competency c;
            c.order = static_cast<int>(i);
            read(c, list[i], at, { "competencies", "associations" });
            const std::size_t slot = pending.size() - 1;
            parents.push_back({ slot, frameworkSlot, parentSlot });
            if (list[i].is_object() && list[i].contains("associations")) {
                const auto& associations = list[i]["associations"];
                if (!associations.is_array())
                    problems.add(at + "/associations", "must be a list");
                else
                    for (std::size_t k = 0; k < associations.size(); ++k) {
                        read(Association {}, associations[k], at + "/associations/" + std::to_string(k), {});
                        parents.push_back({ pending.size() - 1, slot, std::nullopt });
                    }
            }
            if (list[i].is_object() && list[i].contains("competencies"))
                readCompetencies(list[i]["competencies"], at + "/competencies", frameworkSlot, slot);
        }
    }

    // Parent links between pending slots, resolved once ids are known.
    struct ParentSlots
    {
        std::size_t child;
        std::size_t parent; // framework or course
        std::optional<std::size_t> parentCompetency;
    };
    std::vector<ParentSlots> parents;

    struct PendingLinks
    {
        std::size_t objectiveSlot;
        std::string pointer;
        const json* object;
    };
    std::vector<PendingLinks> links;
};

const json* member(const json& object, const char* key)
{
    if (!object.is_object())
        return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

void expectKeys(
    const json& object, const std::string& pointer, const std::set<std::string>& allowed, Problems& problems)
{
    for (const auto& [key, value] : object.items())
        if (!allowed.contains(key))
            problems.add(pointer + "/" + escapePointerToken(key), "is not expected here");
}

template <class T>
void readList(Reader& r, const json* list, const std::string& pointer, std::size_t courseSlot,
    const std::set<std::string>& extra,
    const std::function<void(std::size_t, const json&, const std::string&)>& more)
{
    if (!list)
        return;
    if (!list->is_array()) {
        r.problems.add(pointer, "must be a list");
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string at = pointer + "/" + std::to_string(i);
        T item;
        item.order = static_cast<int>(i);
        r.read(item, (*list)[i], at, extra);
        r.parents.push_back({ r.pending.size() - 1, courseSlot, std::nullopt });
        if (more)
            more(r.pending.size() - 1, (*list)[i], at);
    }
}

} // namespace

std::string exportJson(const DocumentData& data, bool compact)
{
    ordered_json root;
    root["format"] = "coursemap";
    root["version"] = JsonFormatVersion;
    root["program"] = toJson(data.program(), false);

    ordered_json frameworks = ordered_json::array();
    for (const auto* f : data.frameworks()) {
        auto node = toJson(*f, false);
        node["competencies"] = competencyTree(data, f->id, NoId);
        frameworks.push_back(std::move(node));
    }
    root["frameworks"] = std::move(frameworks);

    ordered_json courses = ordered_json::array();
    for (const auto* c : data.courses()) {
        auto node = toJson(*c, false);
        ordered_json objectives = ordered_json::array(), activities = ordered_json::array(),
                     assessments = ordered_json::array();
        for (const auto* o : data.objectivesOf(c->id))
            objectives.push_back(objectiveJson(data, *o));
        for (const auto* a : data.activitiesOf(c->id))
            activities.push_back(toJson(*a, false));
        for (const auto* a : data.assessmentsOf(c->id))
            assessments.push_back(toJson(*a, false));
        node["objectives"] = std::move(objectives);
        node["activities"] = std::move(activities);
        node["assessments"] = std::move(assessments);
        courses.push_back(std::move(node));
    }
    root["courses"] = std::move(courses);

    ordered_json comments = ordered_json::array();
    for (const auto& [id, c] : data.all<Comment>())
        comments.push_back(toJson(c, true));
    root["comments"] = std::move(comments);

    ordered_json acknowledgements = ordered_json::array();
    for (const auto& [id, a] : data.all<Acknowledgement>())
        acknowledgements.push_back(toJson(a, true));
    root["acknowledgements"] = std::move(acknowledgements);

    ordered_json statusChanges = ordered_json::array();
    for (const auto& [id, record] : data.all<StatusChange>())
        statusChanges.push_back(toJson(record, true));
    root["status_changes"] = std::move(statusChanges);
    return compact ? root.dump() : root.dump(2) + "\n";
}

DocumentData importJson(std::string_view text, std::string_view source, bool checkReview)
{
    const json root = parseJson(text, source);
    Reader r;
    auto& problems = r.problems;
    const auto fail = [&] {
        throw Error(ErrorCode::InvalidInput,
            std::string(source) + " cannot be imported; nothing was changed. Problems:\n  "
                + problems.summary());
    };

    if (!root.is_object()) {
        problems.add("", "must be an object with \"format\": \"coursemap\"");
        fail();
    }
    expectKeys(root, "",
        { "format", "version", "program", "frameworks", "courses", "comments", "acknowledgements",
            "status_changes" },
        problems);
    const json* format = member(root, "format");
    if (!format || *format != "coursemap")
        problems.add("/format", "must be \"coursemap\"");
    const json* version = member(root, "version");
    if (!version || !version->is_number_integer())
        problems.add("/version",
            "must be a whole number (the format version, " + std::to_string(JsonFormatVersion) + ")");
    else if (version->get<std::int64_t>() > JsonFormatVersion)
        problems.add("/version",
            "is " + version->dump() + ", from a newer Coursemap Studio; this version reads format "
                + std::to_string(JsonFormatVersion));
    else if (version->get<std::int64_t>() < 1)
        problems.add("/version", "must be 1");
    if (!problems.empty())
        fail();

    // Program (required).
    const json* program = member(root, "program");
    if (!program)
        problems.add("/program", "is missing");
    else
        r.read(Program {}, *program, "/program", {});

    // Frameworks and their competency trees.
    if (const json* frameworks = member(root, "frameworks")) {
        if (!frameworks->is_array())
            problems.add("/frameworks", "must be a list");
        else
            for (std::size_t i = 0; i < frameworks->size(); ++i) {
                const std::string at = "/frameworks/" + std::to_string(i);
                Framework f;
                f.order = static_cast<int>(i);
                r.read(f, (*frameworks)[i], at, { "competencies" });
                const std::size_t slot = r.pending.size() - 1;
                if (const json* list = member((*frameworks)[i], "competencies"))
                    r.readCompetencies(*list, at + "/competencies", slot, std::nullopt);
            }
    }

    // Courses with their objectives (and link lists), activities and assessments.
    if (const json* courses = member(root, "courses")) {
        if (!courses->is_array())
            problems.add("/courses", "must be a list");
        else
            for (std::size_t i = 0; i < courses->size(); ++i) {
                const std::string at = "/courses/" + std::to_string(i);
                const json& node = (*courses)[i];
                Course c;
                c.order = static_cast<int>(i);
                r.read(c, node, at, { "objectives", "activities", "assessments" });
                const std::size_t slot = r.pending.size() - 1;
                readList<Objective>(r, member(node, "objectives"), at + "/objectives", slot,
                    { "taught_by", "assessed_by", "competencies" },
                    [&](std::size_t objectiveSlot, const json& o, const std::string& p) {
                        r.links.push_back({ objectiveSlot, p, &o });
                    });
                readList<Activity>(r, member(node, "activities"), at + "/activities", slot, {}, {});
                readList<Assessment>(r, member(node, "assessments"), at + "/assessments", slot, {}, {});
            }
    }
    if (!problems.empty())
        fail();

    // Ids: explicit ones must be unique; the others are numbered after the largest.
    std::set<Id> used;
    Id maxId = 0;
    for (const auto& [item, pointer] : r.pending) {
        const Id id = idOf(item);
        if (id == NoId)
            continue;
        if (!used.insert(id).second)
            problems.add(pointer + "/id", "repeats id " + std::to_string(id) + "; every item needs its own");
        maxId = std::max(maxId, id);
    }
    const json* comments = member(root, "comments");
    const json* acknowledgements = member(root, "acknowledgements");
    const json* statusChanges = member(root, "status_changes");
    for (const auto& [list, name] : { std::pair { comments, "comments" },
             { acknowledgements, "acknowledgements" }, { statusChanges, "status_changes" } })
        if (list && list->is_array())
            for (std::size_t i = 0; i < list->size(); ++i)
                if (const json* id = member((*list)[i], "id"); id && id->is_number_integer()) {
                    const std::string at = "/" + std::string(name) + "/" + std::to_string(i) + "/id";
                    if (id->is_number_unsigned() && id->get<std::uint64_t>() > std::uint64_t(MaxId)) {
                        problems.add(at, "must be a whole number from 1 to 9007199254740991 (2^53 - 1)");
                        continue;
                    }
                    if (id->get<Id>() <= 0 || id->get<Id>() > MaxId) {
                        problems.add(at, "must be a whole number from 1 to 9007199254740991 (2^53 - 1)");
                        continue;
                    }
                    if (!used.insert(id->get<Id>()).second)
                        problems.add(at, "repeats id " + id->dump() + "; every item needs its own");
                    maxId = std::max(maxId, id->get<Id>());
                }
    if (!problems.empty())
        fail();
    // Fresh ids after the largest, never past the largest id a JSON reader keeps exactly.
    const auto freshId = [&](const std::string& pointer) {
        if (maxId >= MaxId) {
            problems.add(pointer + "/id",
                "needs an id, but the largest id given (" + std::to_string(maxId)
                    + ") leaves none free below 2^53");
            return NoId;
        }
        return ++maxId;
    };
    for (auto& [item, pointer] : r.pending)
        if (idOf(item) == NoId)
            setId(item, freshId(pointer));
    if (!problems.empty())
        fail();

    // Parents from nesting.
    for (const auto& p : r.parents) {
        const Id parentId = idOf(r.pending[p.parent].first);
        std::visit(
            [&](auto& child) {
                using T = std::decay_t<decltype(child)>;
                if constexpr (std::is_same_v<T, Association>) {
                    child.competencyId = parentId;
                } else if constexpr (std::is_same_v<T, Competency>) {
                    child.frameworkId = parentId;
                    child.parentId = p.parentCompetency ? idOf(r.pending[*p.parentCompetency].first) : NoId;
                } else if constexpr (requires { child.courseId; }) {
                    child.courseId = parentId;
                }
            },
            r.pending[p.child].first);
    }

    // Every item complete and in range, then placed.
    for (const auto& [item, pointer] : r.pending) {
        if (auto p = itemProblem(item))
            problems.add(pointer + "/" + p.field, p.message);
        r.data.put(item);
    }
    if (!problems.empty())
        fail();
    // A course placed within another names one of the map's courses, never itself.
    for (const auto& [item, pointer] : r.pending)
        if (std::holds_alternative<Course>(item))
            if (auto p = parentProblem(r.data, item))
                problems.add(pointer + "/" + p.field, p.message);
    if (!problems.empty())
        fail();

    // Links from the objectives' lists.
    for (const auto& pl : r.links) {
        const Id objectiveId = idOf(r.pending[pl.objectiveSlot].first);
        auto readLinks = [&](const char* key, LinkKind kind) {
            const json* list = member(*pl.object, key);
            if (!list)
                return;
            const std::string at = pl.pointer + "/" + key;
            if (!list->is_array()) {
                problems.add(at, "must be a list");
                return;
            }
            for (std::size_t i = 0; i < list->size(); ++i) {
                const std::string ap = at + "/" + std::to_string(i);
                const json& entry = (*list)[i];
                Link link;
                link.key.kind = kind;
                link.key.objectiveId = objectiveId;
                const json* target = kind == LinkKind::Teaches ? &entry
                    : kind == LinkKind::Assesses               ? member(entry, "assessment")
                                                               : member(entry, "competency");
                if (kind != LinkKind::Teaches) {
                    if (!entry.is_object()) {
                        problems.add(ap, "must be an object");
                        continue;
                    }
                    expectKeys(entry, ap,
                        kind == LinkKind::Assesses ? std::set<std::string> { "assessment", "share" }
                                                   : std::set<std::string> { "competency", "contribution" },
                        problems);
                }
                if (!target || !target->is_number_integer()) {
                    problems.add(kind == LinkKind::Teaches
                            ? ap
                            : ap + (kind == LinkKind::Assesses ? "/assessment" : "/competency"),
                        "must be the id of "
                            + std::string(kind == LinkKind::Teaches ? "a teaching activity"
                                    : kind == LinkKind::Assesses    ? "an assessment"
                                                                    : "a competency"));
                    continue;
                }
                link.key.targetId = target->get<Id>();
                if (kind == LinkKind::Assesses) {
                    const json* share = member(entry, "share");
                    if (share && !share->is_null()) {
                        if (!share->is_number()) {
                            problems.add(ap + "/share", "must be a number from 0 to 100, or null");
                            continue;
                        }
                        link.share = share->get<double>();
                    }
                }
                if (kind == LinkKind::Maps) {
                    const json* level = member(entry, "contribution");
                    link.contribution = level && level->is_string()
                        ? parseEnum<Contribution>(level->get<std::string>())
                        : std::nullopt;
                    if (!link.contribution) {
                        problems.add(ap + "/contribution", "must be " + enumChoices<Contribution>());
                        continue;
                    }
                }
                if (auto p = linkProblem(r.data, link)) {
                    problems.add(ap, p.message);
                    continue;
                }
                if (r.data.link(link.key)) {
                    problems.add(ap, "repeats a link already listed");
                    continue;
                }
                r.data.putLink(link);
            }
        };
        readLinks("taught_by", LinkKind::Teaches);
        readLinks("assessed_by", LinkKind::Assesses);
        readLinks("competencies", LinkKind::Maps);
    }

    // Comments, acknowledgements and status changes: after every item, since they may be on any of them, and
    // in id order so that a reply comes after the comment it answers.
    auto readNotes = [&]<class T>(const json* list, const std::string& name, T) {
        if (!list)
            return;
        if (!list->is_array()) {
            problems.add("/" + name, "must be a list");
            return;
        }
        std::vector<std::pair<T, std::string>> read;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string at = "/" + name + "/" + std::to_string(i);
            T note;
            fromJson(
                note, (*list)[i], at, { FieldRole::Id, FieldRole::Reference, FieldRole::Data }, {}, problems);
            if (note.id == NoId)
                note.id = freshId(at);
            read.emplace_back(note, at);
        }
        std::sort(
            read.begin(), read.end(), [](const auto& a, const auto& b) { return a.first.id < b.first.id; });
        for (const auto& [note, at] : read) {
            if (auto p = itemProblem(note))
                problems.add(at + "/" + p.field, p.message);
            else if (auto q = parentProblem(r.data, note))
                problems.add(at + "/" + q.field, q.message);
            else
                r.data.put(note);
        }
    };
    readNotes(comments, "comments", Comment {});
    readNotes(acknowledgements, "acknowledgements", Acknowledgement {});
    readNotes(statusChanges, "status_changes", StatusChange {});
    if (!problems.empty())
        fail();
    // Review records that the review rules could not have written: an acceptance of a rule that does not
    // exist, statuses their history does not end with. (Versions kept in a map are read as they were kept.)
    if (checkReview) {
        std::size_t i = 0;
        for (const auto& [id, ack] : r.data.all<Acknowledgement>()) {
            const Rule* rule = findRule(ack.rule);
            if (!rule)
                problems.add("/acknowledgements/" + std::to_string(i) + "/rule",
                    "names no rule (\"" + ack.rule + "\"); `coursemap rules` lists them");
            else if (r.data.kindOf(ack.itemId) != rule->subject)
                problems.add("/acknowledgements/" + std::to_string(i) + "/item_id",
                    "names " + describe(r.data, ack.itemId) + ", but the findings of " + ack.rule
                        + " are about items of kind " + std::string(toString(rule->subject))
                        + ", so there is no such finding to accept");
            ++i;
        }
        // Each item's history, in id order, is one the review could have written: every status may follow
        // the one before it (the first follows draft), at the same time or later. Records the upgrade to
        // format 4 made for statuses set without one follow whatever was there.
        std::map<Id, std::pair<ReviewStatus, std::string>> last; // item: its status and time so far
        for (const auto& [id, record] : r.data.all<StatusChange>()) {
            auto [it, first] = last.try_emplace(record.itemId, ReviewStatus::Draft, std::string());
            auto& [before, when] = it->second;
            const bool upgrade = record.author == "Coursemap Studio"
                && record.justification.starts_with("Recorded when the map was upgraded to file format 4");
            const std::string where = "/status_changes (id " + std::to_string(id) + ", on "
                + describe(r.data, record.itemId) + ")";
            if (!upgrade && !statusMayFollow(before, record.status))
                problems.add(where,
                    "the status " + std::string(toString(record.status)) + " cannot follow "
                        + std::string(toString(before)) + (first ? " (a history starts from draft)" : "")
                        + " in review: draft → in_review → changes_requested or approved; changes_requested "
                          "→ "
                          "in_review; approved → in_review; anything → draft");
            if (!record.createdAt.empty()) {
                if (!when.empty() && record.createdAt < when)
                    problems.add(where,
                        "is dated " + record.createdAt + ", before the record it follows (" + when
                            + "); a history is in id order and time order");
                when = record.createdAt;
            }
            before = record.status;
        }
        if (auto p = reviewProblem(r.data))
            problems.add("/status_changes", p.message);
        if (!problems.empty())
            fail();
    }
    // Parents come from nesting, so they exist and are of the right kind by construction.
    return std::move(r.data);
}

} // namespace coursemap
