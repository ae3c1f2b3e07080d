#include "coursemap/analysis/Catalog.h"

#include "Resources.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace coursemap {

namespace {

struct Catalog
{
    std::vector<InstructionalMethod> instructional;
    std::vector<AssessmentMethod> assessment;
    std::vector<ResourceType> resource;
};

template <class E> E required(const nlohmann::json& j, const char* key)
{
    const auto value = parseEnum<E>(j.at(key).get<std::string>());
    if (!value)
        throw std::logic_error("methods.json: bad " + std::string(key) + " " + j.at(key).dump());
    return *value;
}

const Catalog& catalog()
{
    static const Catalog c = [] {
        const auto j = nlohmann::json::parse(resources::methodsJson());
        Catalog out;
        for (const auto& m : j.at("instructional"))
            out.instructional.push_back({ m.at("code").get<std::string>(), m.at("name").get<std::string>(),
                required<MillerLevel>(m, "miller"), required<LearningType>(m, "learning_type") });
        for (const auto& m : j.at("assessment"))
            out.assessment.push_back({ m.at("code").get<std::string>(), m.at("name").get<std::string>(),
                required<MillerLevel>(m, "miller"), required<BloomLevel>(m, "bloom"),
                m.at("performance").get<bool>(), m.value("retired", false), m.value("replacement", "") });
        for (const auto& r : j.at("resource"))
            out.resource.push_back({ r.at("code").get<std::string>(), r.at("name").get<std::string>() });
        return out;
    }();
    return c;
}

// The vocabularies are numbered from 001 in order, so a code's number is its place in the list.
template <class T> const T* find(const std::vector<T>& list, std::string_view code)
{
    if (code.size() != 5)
        return nullptr;
    std::size_t n = 0;
    for (char c : code.substr(2)) {
        if (c < '0' || c > '9')
            return nullptr;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (n == 0 || n > list.size() || list[n - 1].code != code)
        return nullptr;
    return &list[n - 1];
}

} // namespace

std::span<const InstructionalMethod> instructionalMethods()
{
    return catalog().instructional;
}

std::span<const AssessmentMethod> assessmentMethods()
{
    return catalog().assessment;
}

const InstructionalMethod* findInstructionalMethod(std::string_view code)
{
    return find(catalog().instructional, code);
}

const AssessmentMethod* findAssessmentMethod(std::string_view code)
{
    return find(catalog().assessment, code);
}

std::span<const ResourceType> resourceTypes()
{
    return catalog().resource;
}

const ResourceType* findResourceType(std::string_view code)
{
    return find(catalog().resource, code);
}

} // namespace coursemap
