#include "coursemap/program/Frameworks.h"

#include "../analysis/Resources.h"
#include "../interchange/ItemJson.h"
#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/interchange/JsonLimits.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

namespace coursemap {

namespace {

using itemjson::Problems;
using nlohmann::json;
using nlohmann::ordered_json;

// Competency frameworks are a few levels deep; a deeper chain is a broken or hostile file.
constexpr std::size_t MaxCaseDepth = 16;
// The largest frameworks a school adopts have hundreds of competencies (ACGME milestones, CanMEDS, the AAMC
// EPAs); published CASE frameworks of whole school systems reach a few thousand items. A package beyond these
// is refused before it is read item by item (200,000 items took minutes, and would swamp every view).
constexpr std::size_t MaxCaseItems = 10000;
constexpr std::size_t MaxCaseAssociations = 50000;

CompetencyTemplate readCompetency(const json& j)
{
    CompetencyTemplate c { j.value("code", ""), j.at("title").get<std::string>(), j.value("description", ""),
        {}, j.value("identifier", ""), {}, {} };
    for (const auto& child : j.value("competencies", json::array()))
        c.children.push_back(readCompetency(child));
    return c;
}

FrameworkTemplate readBuiltIn(std::string_view text)
{
    const auto j = json::parse(text);
    FrameworkTemplate t;
    t.key = j.at("key").get<std::string>();
    t.framework.name = j.at("name").get<std::string>();
    t.framework.publisher = j.at("publisher").get<std::string>();
    t.framework.version = j.at("version").get<std::string>();
    t.framework.description = j.at("description").get<std::string>();
    t.framework.code = j.value("code", "");
    t.source = j.at("source").get<std::string>();
    for (const auto& c : j.at("competencies"))
        t.competencies.push_back(readCompetency(c));
    return t;
}

std::string folded(std::string_view s)
{
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '-' && c != '_')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

void templatesOf(const DocumentData& data, Id frameworkId, Id parentId, std::vector<CompetencyTemplate>& into)
{
    for (const auto* c : data.competenciesOf(frameworkId, parentId)) {
        into.push_back({ c->code, c->title, c->description, {}, c->identifier, c->uri, {} });
        for (const auto* a : data.associationsOf(c->id))
            into.back().associations.push_back(*a);
        templatesOf(data, frameworkId, c->id, into.back().children);
    }
}

void addCompetencies(const std::vector<CompetencyTemplate>& list, Id frameworkId, Id parentId, Id& next,
    std::vector<Edit>& edits, std::vector<std::string>& names, const std::string& path)
{
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& t = list[i];
        Competency c;
        c.id = next++;
        c.frameworkId = frameworkId;
        c.parentId = parentId;
        c.code = t.code;
        c.title = t.title;
        c.description = t.description;
        c.identifier = t.identifier;
        c.uri = t.uri;
        edits.push_back(AddItem { c, std::nullopt });
        const auto name
            = path + (path.empty() ? "" : " > ") + (t.code.empty() ? t.title.substr(0, 60) : t.code);
        names.push_back("competency " + name);
        for (auto a : t.associations) {
            a.id = next++;
            a.competencyId = c.id;
            edits.push_back(AddItem { a, std::nullopt });
            names.push_back("the " + a.type + " association of competency " + name);
        }
        addCompetencies(t.children, frameworkId, c.id, next, edits, names, name);
    }
}

bool isCaseAssociationType(std::string_view type)
{
    if (type.starts_with("ext:") && type.size() > 4)
        return true;
    return std::any_of(std::begin(CaseAssociationTypes), std::end(CaseAssociationTypes),
        [&](const char* known) { return type == known; });
}

// A sequenceNumber or listEnumeration as text to order by: a whole number as its digits, text as it is.
std::string orderKey(const json& object, const char* key)
{
    const auto it = object.find(key);
    if (it == object.end())
        return {};
    if (it->is_number_integer())
        return std::to_string(it->get<std::int64_t>());
    if (it->is_number()) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%g", it->get<double>());
        return buffer;
    }
    if (it->is_string())
        return it->get<std::string>();
    return {};
}

// A UUID made up from a seed, the same for the same seed (RFC 9562 version 8: custom), for items of the map
// that have no CASE identifier yet.
std::string madeUpUuid(std::string_view seed)
{
    const auto fnv = [&](std::uint64_t h) {
        for (unsigned char c : seed) {
            h ^= c;
            h *= 0x100000001b3ULL;
        }
        return h;
    };
    std::uint64_t hi = fnv(0xcbf29ce484222325ULL), lo = fnv(0x84222325cbf29ce4ULL ^ hi);
    hi = (hi & ~0xF000ULL) | 0x8000ULL; // version 8
    lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56); // variant 10
    char out[37];
    std::snprintf(out, sizeof out, "%08llx-%04llx-%04llx-%04llx-%012llx",
        static_cast<unsigned long long>(hi >> 32), static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
        static_cast<unsigned long long>(hi & 0xFFFF), static_cast<unsigned long long>(lo >> 48),
        static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    return out;
}

// CASE identifiers of documents, items and associations are UUIDs. One the map holds that is not (the AAMC's
// PCRS ids) travels in the URI, when that is free, as urn:coursemap:identifier:ID, and comes back from it.
constexpr std::string_view IdentifierUri = "urn:coursemap:identifier:";

bool isUuid(std::string_view s)
{
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])))
            return false;
    }
    return true;
}

void restoreIdentifier(std::string& identifier, std::string& uri)
{
    if (uri.starts_with(IdentifierUri) && uri.size() > IdentifierUri.size()) {
        identifier = uri.substr(IdentifierUri.size());
        uri.clear();
    }
}

} // namespace

bool naturalLess(std::string_view a, std::string_view b)
{
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = a[i] >= '0' && a[i] <= '9', db = b[j] >= '0' && b[j] <= '9';
        if (da && db) {
            // Compare the digit runs as numbers: leading zeros aside, the longer run is the larger.
            std::size_t ei = i, ej = j;
            while (ei < a.size() && a[ei] >= '0' && a[ei] <= '9')
                ++ei;
            while (ej < b.size() && b[ej] >= '0' && b[ej] <= '9')
                ++ej;
            auto x = a.substr(i, ei - i), y = b.substr(j, ej - j);
            while (x.size() > 1 && x.front() == '0')
                x.remove_prefix(1);
            while (y.size() > 1 && y.front() == '0')
                y.remove_prefix(1);
            if (x.size() != y.size())
                return x.size() < y.size();
            if (x != y)
                return x < y;
            i = ei;
            j = ej;
            continue;
        }
        const auto ca = static_cast<unsigned char>(a[i]), cb = static_cast<unsigned char>(b[j]);
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

std::span<const FrameworkTemplate> builtInFrameworks()
{
    static const std::vector<FrameworkTemplate> all = [] {
        std::vector<FrameworkTemplate> v;
        for (auto text : { resources::acgmeFrameworkJson(), resources::canmedsFrameworkJson(),
                 resources::epasFrameworkJson(), resources::ipecFrameworkJson(),
                 resources::aacnFrameworkJson(), resources::pcrsFrameworkJson() })
            v.push_back(readBuiltIn(text));
        return v;
    }();
    return all;
}

const FrameworkTemplate* findBuiltInFramework(std::string_view keyOrName)
{
    const auto key = folded(keyOrName);
    for (const auto& t : builtInFrameworks())
        if (folded(t.key) == key || folded(t.framework.name) == key)
            return &t;
    return nullptr;
}

FrameworkTemplate frameworkTemplate(const DocumentData& data, Id frameworkId)
{
    const auto* f = data.get<Framework>(frameworkId);
    if (!f)
        throw Error(
            ErrorCode::InvalidInput, "There is no framework with id " + std::to_string(frameworkId) + ".");
    FrameworkTemplate t;
    t.framework = *f;
    t.framework.id = NoId;
    templatesOf(data, frameworkId, NoId, t.competencies);
    return t;
}

FrameworkTemplate importCaseFramework(std::string_view input, std::string_view source)
{
    const json root = parseJson(input, source);
    Problems problems;
    const auto fail = [&] {
        throw Error(ErrorCode::InvalidInput,
            "Cannot read " + std::string(source) + " as a CASE framework:\n  " + problems.summary());
    };
    if (!root.is_object()) {
        problems.add("", "must be a CASE package (an object with CFDocument, CFItems and CFAssociations)");
        fail();
    }
    const auto document = root.find("CFDocument");
    if (document == root.end() || !document->is_object()) {
        problems.add("/CFDocument", "is missing: a CASE package names its framework in CFDocument");
        fail();
    }
    // A string property, or empty when absent or null; any other JSON type is reported where it is.
    const auto textAt = [&](const json& object, const char* key, const std::string& at) {
        const auto it = object.find(key);
        if (it == object.end() || it->is_null())
            return std::string();
        if (!it->is_string()) {
            problems.add(at + "/" + key, "must be text (a JSON string)");
            return std::string();
        }
        return it->get<std::string>();
    };
    FrameworkTemplate t;
    t.framework.name = textAt(*document, "title", "/CFDocument");
    if (t.framework.name.find_first_not_of(" \t\r\n") == std::string::npos)
        problems.add("/CFDocument/title", "must be the framework's name");
    t.framework.publisher = textAt(*document, "publisher", "/CFDocument");
    if (t.framework.publisher.empty())
        t.framework.publisher = textAt(*document, "creator", "/CFDocument");
    t.framework.version = textAt(*document, "version", "/CFDocument");
    t.framework.description = textAt(*document, "description", "/CFDocument");
    const std::string documentId = textAt(*document, "identifier", "/CFDocument");
    t.framework.identifier = documentId;
    t.framework.uri = textAt(*document, "uri", "/CFDocument");
    restoreIdentifier(t.framework.identifier, t.framework.uri);
    if (const auto ext = document->find("extensions"); ext != document->end() && ext->is_object())
        if (const auto own = ext->find("coursemap"); own != ext->end() && own->is_object())
            t.framework.code = textAt(*own, "code", "/CFDocument/extensions/coursemap");
    t.source = textAt(*document, "officialSourceURL", "/CFDocument");

    struct Node
    {
        CompetencyTemplate competency;
        std::string parent; // identifier of the parent item; empty for top level
        bool parentSet = false;
        std::string order; // sequenceNumber of its isChildOf, else listEnumeration; empty when neither
        std::size_t position = 0;
    };
    std::map<std::string, Node> nodes;
    std::vector<std::string> inFileOrder;
    const auto items = root.find("CFItems");
    if (items == root.end() || !items->is_array() || items->empty()) {
        problems.add("/CFItems", "must be a list of the framework's items (competencies)");
        fail();
    }
    if (items->size() > MaxCaseItems) {
        problems.add("/CFItems",
            "has " + std::to_string(items->size())
                + " items; a framework Coursemap Studio adopts has at most " + std::to_string(MaxCaseItems));
        fail();
    }
    if (const auto associations = root.find("CFAssociations"); associations != root.end()
        && associations->is_array() && associations->size() > MaxCaseAssociations) {
        problems.add("/CFAssociations",
            "has " + std::to_string(associations->size())
                + " associations; a framework Coursemap Studio adopts " + "has at most "
                + std::to_string(MaxCaseAssociations));
        fail();
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        const auto& item = (*items)[i];
        const std::string at = "/CFItems/" + std::to_string(i);
        if (!item.is_object()) {
            problems.add(at, "must be an object");
            continue;
        }
        const auto id = textAt(item, "identifier", at);
        const auto statement = textAt(item, "fullStatement", at);
        if (id.empty())
            problems.add(at + "/identifier", "is missing");
        if (statement.find_first_not_of(" \t\r\n") == std::string::npos)
            problems.add(at + "/fullStatement", "is missing: every item states its competency");
        if (id.empty() || statement.empty())
            continue;
        if (nodes.contains(id)) {
            problems.add(at + "/identifier", "\"" + id + "\" is used by an earlier item too");
            continue;
        }
        if (id == documentId) {
            problems.add(at + "/identifier", "\"" + id + "\" is the identifier of the CFDocument too");
            continue;
        }
        Node node;
        const auto abbreviated = textAt(item, "abbreviatedStatement", at);
        node.competency.code = textAt(item, "humanCodingScheme", at);
        node.competency.title = abbreviated.empty() ? statement : abbreviated;
        node.competency.description
            = abbreviated.empty() || abbreviated == statement ? std::string() : statement;
        node.competency.identifier = id;
        node.competency.uri = textAt(item, "uri", at);
        restoreIdentifier(node.competency.identifier, node.competency.uri);
        node.position = i;
        node.order = orderKey(item, "listEnumeration");
        nodes.emplace(id, std::move(node));
        inFileOrder.push_back(id);
    }

    const auto nameOf = [&](const std::string& id) {
        const auto& c = nodes.at(id).competency;
        return "\"" + (c.code.empty() ? c.title.substr(0, 60) : c.code) + "\"";
    };
    std::set<std::string> associationIds;
    if (const auto associations = root.find("CFAssociations"); associations != root.end()) {
        if (!associations->is_array())
            problems.add("/CFAssociations", "must be a list");
        else
            for (std::size_t i = 0; i < associations->size(); ++i) {
                const auto& a = (*associations)[i];
                const std::string at = "/CFAssociations/" + std::to_string(i);
                if (!a.is_object()) {
                    problems.add(at, "must be an object");
                    continue;
                }
                const auto type = textAt(a, "associationType", at);
                if (!isCaseAssociationType(type)) {
                    problems.add(at + "/associationType",
                        type.empty() ? std::string("is missing")
                                     : "\"" + type + "\" is not a CASE association type");
                    continue;
                }
                const auto origin = a.find("originNodeURI");
                const auto destination = a.find("destinationNodeURI");
                if (origin == a.end() || !origin->is_object() || destination == a.end()
                    || !destination->is_object()) {
                    problems.add(at, "an association needs originNodeURI and destinationNodeURI");
                    continue;
                }
                const auto from = textAt(*origin, "identifier", at + "/originNodeURI");
                const auto to = textAt(*destination, "identifier", at + "/destinationNodeURI");
                const auto node = nodes.find(from);
                if (node == nodes.end()) {
                    if (type == "isChildOf")
                        problems.add(
                            at + "/originNodeURI/identifier", "\"" + from + "\" is not an item of CFItems");
                    else
                        t.warnings.push_back("The " + type + " association " + at
                            + " starts outside the package (\"" + from + "\"), so it was not kept.");
                    continue;
                }
                if (type == "isChildOf" && !node->second.parentSet) {
                    if (to != documentId && !nodes.contains(to)) {
                        problems.add(at + "/destinationNodeURI/identifier",
                            "\"" + to + "\" is neither the document nor an item of CFItems");
                        continue;
                    }
                    node->second.parent = to == documentId ? std::string() : to;
                    node->second.parentSet = true;
                    if (auto key = orderKey(a, "sequenceNumber"); !key.empty())
                        node->second.order = std::move(key);
                    continue;
                }
                if (type == "isChildOf") {
                    const auto& first = node->second.parent;
                    t.warnings.push_back("Item " + nameOf(from) + " has two parents: "
                        + (first.empty() ? "the document" : nameOf(first)) + ", kept as its parent, and "
                        + (to == documentId          ? std::string("the document")
                                : nodes.contains(to) ? nameOf(to)
                                                     : "\"" + to + "\"")
                        + " (" + at + "), kept as a second isChildOf association.");
                }
                Association kept;
                kept.type = type;
                kept.identifier = textAt(a, "identifier", at);
                if (!kept.identifier.empty()
                    && (kept.identifier == documentId || nodes.contains(kept.identifier)
                        || !associationIds.insert(kept.identifier).second)) {
                    problems.add(at + "/identifier",
                        "\"" + kept.identifier
                            + "\" is the identifier of another association, item or the document too");
                    continue;
                }
                kept.uri = textAt(a, "uri", at);
                restoreIdentifier(kept.identifier, kept.uri);
                kept.targetIdentifier = to;
                kept.targetUri = textAt(*destination, "uri", at + "/destinationNodeURI");
                kept.targetTitle = textAt(*destination, "title", at + "/destinationNodeURI");
                if (const auto seq = a.find("sequenceNumber"); seq != a.end() && seq->is_number_integer()
                    && seq->get<std::int64_t>() >= -1'000'000 && seq->get<std::int64_t>() <= 1'000'000)
                    kept.sequenceNumber = seq->get<int>();
                node->second.competency.associations.push_back(std::move(kept));
            }
    }
    // A parent chain must end at the top: an item that is (through others) its own parent has no place.
    for (const auto& [id, node] : nodes) {
        std::set<std::string> seen { id };
        for (auto p = node.parent; !p.empty(); p = nodes.at(p).parent) {
            if (!seen.insert(p).second) {
                problems.add(
                    "/CFAssociations", "item \"" + id + "\" is, through isChildOf, its own ancestor");
                break;
            }
            if (seen.size() > MaxCaseDepth) {
                problems.add("/CFAssociations",
                    "item \"" + id + "\" is nested more than " + std::to_string(MaxCaseDepth)
                        + " levels deep");
                break;
            }
        }
    }
    if (!problems.empty())
        fail();

    // Build the tree from the leaves up: children in sequence-number order (numerically: "L1.2" before
    // "L1.10"; numbered ones first), then by code (numerically too), then by place in the file.
    std::map<std::string, std::vector<std::string>> childrenOf;
    for (const auto& id : inFileOrder)
        childrenOf[nodes.at(id).parent].push_back(id);
    const auto build = [&](auto&& self, const std::string& parent) -> std::vector<CompetencyTemplate> {
        auto ids = childrenOf[parent];
        std::stable_sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
            // (Orders equal as numbers, "01" and "1", go on to the code: were they left unordered while
            // equal orders go on, the comparison would not be a strict weak ordering, which sorting needs.)
            const auto &x = nodes.at(a).order, &y = nodes.at(b).order;
            if (x.empty() != y.empty())
                return !x.empty();
            if (naturalLess(x, y) || naturalLess(y, x))
                return naturalLess(x, y);
            // Neither numbered: by code, numerically, as OpenSALT shows them.
            const auto &p = nodes.at(a).competency.code, &q = nodes.at(b).competency.code;
            if (p.empty() != q.empty())
                return !p.empty();
            return naturalLess(p, q);
        });
        std::vector<CompetencyTemplate> out;
        for (const auto& id : ids) {
            auto c = nodes.at(id).competency;
            c.children = self(self, id);
            out.push_back(std::move(c));
        }
        return out;
    };
    t.competencies = build(build, std::string());
    return t;
}

Change planAddFramework(const DocumentData& data, const FrameworkTemplate& t, Id nextId)
{
    for (const auto* existing : data.frameworks())
        if (existing->name == t.framework.name && existing->version == t.framework.version)
            throw Error(ErrorCode::InvalidInput,
                "The map has adopted " + t.framework.name
                    + " already. To change it, adopt a copy under another name.");
    Framework f = t.framework;
    f.id = nextId++;
    if (!t.source.empty() && f.description.find(t.source) == std::string::npos)
        f.description += (f.description.empty() ? "" : "\n\n") + std::string("Source: ") + t.source;
    std::vector<Edit> edits { AddItem { f, std::nullopt } };
    std::vector<std::string> names { "the framework" };
    addCompetencies(t.competencies, f.id, NoId, nextId, edits, names, "");
    Id next = nextId;
    return planEdits(data, edits, next, "Add framework " + f.name,
        [&](std::size_t i) { return "Cannot add " + names[i] + " of " + f.name; });
}

const Framework* findFramework(const DocumentData& data, std::string_view codeOrName)
{
    const auto key = folded(codeOrName);
    for (const auto* f : data.frameworks())
        if ((!f->code.empty() && folded(f->code) == key) || folded(f->name) == key
            || std::to_string(f->id) == codeOrName)
            return f;
    return nullptr;
}

namespace {

// Identifiers the map does not hold yet are made up from the program and the map's ids, so exporting twice
// gives the same package. The identifier and URI written for one the map keeps (either may be empty).
std::pair<std::string, std::string> writtenIds(
    const DocumentData& data, const std::string& identifier, const std::string& uri, const std::string& what)
{
    if (identifier.empty()) {
        const std::string seed
            = "coursemap:" + data.program().institution + ":" + data.program().name + ":" + what;
        auto made = madeUpUuid(seed);
        return { made, uri.empty() ? "urn:uuid:" + made : uri };
    }
    if (isUuid(identifier))
        return { identifier, uri.empty() ? "urn:uuid:" + identifier : uri };
    return { madeUpUuid("identifier:" + identifier),
        uri.empty() ? std::string(IdentifierUri) + identifier : uri };
}

} // namespace

std::pair<std::string, std::string> caseIdentifiers(const DocumentData& data, const Competency& competency)
{
    return writtenIds(
        data, competency.identifier, competency.uri, "competency:" + std::to_string(competency.id));
}

std::string exportCaseFramework(const DocumentData& data, Id frameworkId, std::string_view changedAt)
{
    const auto* f = data.get<Framework>(frameworkId);
    if (!f)
        throw Error(
            ErrorCode::InvalidInput, "There is no framework with id " + std::to_string(frameworkId) + ".");
    const std::string when = changedAt.empty() ? nowUtc() : std::string(changedAt);
    const auto [docId, docUri]
        = writtenIds(data, f->identifier, f->uri, "framework:" + std::to_string(f->id));
    const json docRef { { "title", f->name }, { "identifier", docId }, { "uri", docUri } };

    ordered_json document;
    document["identifier"] = docId;
    document["uri"] = docUri;
    document["creator"] = !f->publisher.empty() ? f->publisher
        : !data.program().institution.empty()   ? data.program().institution
                                                : std::string("Coursemap Studio");
    document["title"] = f->name;
    document["lastChangeDateTime"] = when;
    if (!f->publisher.empty())
        document["publisher"] = f->publisher;
    if (!f->version.empty())
        document["version"] = f->version;
    if (!f->description.empty())
        document["description"] = f->description;
    if (!f->code.empty())
        document["extensions"] = { { "coursemap", { { "code", f->code } } } };

    ordered_json items = ordered_json::array(), associations = ordered_json::array();
    const auto walk = [&](auto&& self, Id parentId, const json& parentRef) -> void {
        int position = 0;
        for (const auto* c : data.competenciesOf(frameworkId, parentId)) {
            ++position;
            const auto [id, uri] = caseIdentifiers(data, *c);
            ordered_json item;
            item["identifier"] = id;
            item["uri"] = uri;
            item["fullStatement"] = c->description.empty() ? c->title : c->description;
            if (!c->description.empty())
                item["abbreviatedStatement"] = c->title;
            if (!c->code.empty())
                item["humanCodingScheme"] = c->code;
            item["listEnumeration"] = std::to_string(position);
            item["lastChangeDateTime"] = when;
            item["CFDocumentURI"] = docRef;
            items.push_back(std::move(item));
            const json self_ { { "title", c->code.empty() ? c->title : c->code }, { "identifier", id },
                { "uri", uri } };
            // From the item's identifier, so that the package read back and exported again says the same.
            const auto childOf = madeUpUuid("isChildOf:" + id);
            ordered_json tree;
            tree["identifier"] = childOf;
            tree["uri"] = "urn:uuid:" + childOf;
            tree["associationType"] = "isChildOf";
            tree["originNodeURI"] = self_;
            tree["destinationNodeURI"] = parentRef;
            tree["sequenceNumber"] = position;
            tree["lastChangeDateTime"] = when;
            tree["CFDocumentURI"] = docRef;
            associations.push_back(std::move(tree));
            for (const auto* a : data.associationsOf(c->id)) {
                const auto [aid, auri]
                    = writtenIds(data, a->identifier, a->uri, "association:" + std::to_string(a->id));
                ordered_json kept;
                kept["identifier"] = aid;
                kept["uri"] = auri;
                kept["associationType"] = a->type;
                kept["originNodeURI"] = self_;
                kept["destinationNodeURI"] = { { "title", a->targetTitle },
                    { "identifier", a->targetIdentifier }, { "uri", a->targetUri } };
                if (a->sequenceNumber)
                    kept["sequenceNumber"] = *a->sequenceNumber;
                kept["lastChangeDateTime"] = when;
                kept["CFDocumentURI"] = docRef;
                associations.push_back(std::move(kept));
            }
            self(self, c->id, self_);
        }
    };
    walk(walk, NoId, docRef);
    ordered_json package;
    package["CFDocument"] = std::move(document);
    package["CFItems"] = std::move(items);
    package["CFAssociations"] = std::move(associations);
    return package.dump(2) + "\n";
}

} // namespace coursemap
