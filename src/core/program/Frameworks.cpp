#include "coursemap/program/Frameworks.h"

#include "../analysis/Resources.h"
#include "../interchange/ItemJson.h"
#include "coursemap/Error.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/interchange/JsonLimits.h"

#include <algorithm>
#include <map>
#include <set>

namespace coursemap {

namespace {

using itemjson::Problems;
using nlohmann::json;

// Competency frameworks are a few levels deep; a deeper chain is a broken or hostile file.
constexpr std::size_t MaxCaseDepth = 16;

CompetencyTemplate readCompetency(const json& j)
{
    CompetencyTemplate c { j.value("code", ""), j.at("title").get<std::string>(), j.value("description", ""),
        {} };
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
        into.push_back({ c->code, c->title, c->description, {} });
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
        edits.push_back(AddItem { c, std::nullopt });
        const auto name
            = path + (path.empty() ? "" : " > ") + (t.code.empty() ? t.title.substr(0, 60) : t.code);
        names.push_back("competency " + name);
        addCompetencies(t.children, frameworkId, c.id, next, edits, names, name);
    }
}

// The text of a CASE string property, or empty.
std::string text(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

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
    FrameworkTemplate t;
    t.framework.name = text(*document, "title");
    if (t.framework.name.find_first_not_of(" \t\r\n") == std::string::npos)
        problems.add("/CFDocument/title", "must be the framework's name");
    t.framework.publisher = text(*document, "publisher");
    if (t.framework.publisher.empty())
        t.framework.publisher = text(*document, "creator");
    t.framework.version = text(*document, "version");
    t.framework.description = text(*document, "description");
    t.source = text(*document, "officialSourceURL");
    if (t.source.empty())
        t.source = text(*document, "uri");
    const std::string documentId = text(*document, "identifier");

    struct Node
    {
        CompetencyTemplate competency;
        std::string parent; // identifier of the parent item; empty for top level
        double sequence = 0;
        std::size_t position = 0;
    };
    std::map<std::string, Node> nodes;
    std::vector<std::string> inFileOrder;
    const auto items = root.find("CFItems");
    if (items == root.end() || !items->is_array() || items->empty()) {
        problems.add("/CFItems", "must be a list of the framework's items (competencies)");
        fail();
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        const auto& item = (*items)[i];
        const std::string at = "/CFItems/" + std::to_string(i);
        if (!item.is_object()) {
            problems.add(at, "must be an object");
            continue;
        }
        const auto id = text(item, "identifier");
        const auto statement = text(item, "fullStatement");
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
        Node node;
        const auto abbreviated = text(item, "abbreviatedStatement");
        node.competency.code = text(item, "humanCodingScheme");
        node.competency.title = abbreviated.empty() ? statement : abbreviated;
        node.competency.description
            = abbreviated.empty() || abbreviated == statement ? std::string() : statement;
        node.position = i;
        if (const auto e = item.find("listEnumeration"); e != item.end() && e->is_string()) {
            try {
                node.sequence = std::stod(e->get<std::string>());
            } catch (const std::exception&) {
                node.sequence = 0;
            }
        }
        nodes.emplace(id, std::move(node));
        inFileOrder.push_back(id);
    }

    if (const auto associations = root.find("CFAssociations"); associations != root.end()) {
        if (!associations->is_array())
            problems.add("/CFAssociations", "must be a list");
        else
            for (std::size_t i = 0; i < associations->size(); ++i) {
                const auto& a = (*associations)[i];
                const std::string at = "/CFAssociations/" + std::to_string(i);
                if (!a.is_object() || text(a, "associationType") != "isChildOf")
                    continue;
                const auto origin = a.find("originNodeURI");
                const auto destination = a.find("destinationNodeURI");
                if (origin == a.end() || !origin->is_object() || destination == a.end()
                    || !destination->is_object()) {
                    problems.add(at, "an isChildOf association needs originNodeURI and destinationNodeURI");
                    continue;
                }
                const auto child = text(*origin, "identifier");
                const auto parent = text(*destination, "identifier");
                const auto node = nodes.find(child);
                if (node == nodes.end()) {
                    problems.add(
                        at + "/originNodeURI/identifier", "\"" + child + "\" is not an item of CFItems");
                    continue;
                }
                if (parent != documentId && !nodes.contains(parent)) {
                    problems.add(at + "/destinationNodeURI/identifier",
                        "\"" + parent + "\" is neither the document nor an item of CFItems");
                    continue;
                }
                node->second.parent = parent == documentId ? std::string() : parent;
                if (const auto seq = a.find("sequenceNumber"); seq != a.end() && seq->is_number())
                    node->second.sequence = seq->get<double>();
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

    // Build the tree from the leaves up: children sorted by sequence number, then by place in the file.
    std::map<std::string, std::vector<std::string>> childrenOf;
    for (const auto& id : inFileOrder)
        childrenOf[nodes.at(id).parent].push_back(id);
    const auto build = [&](auto&& self, const std::string& parent) -> std::vector<CompetencyTemplate> {
        auto ids = childrenOf[parent];
        std::stable_sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
            return nodes.at(a).sequence < nodes.at(b).sequence;
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

} // namespace coursemap
