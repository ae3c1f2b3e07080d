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
                m.at("performance").get<bool>(), m.value("retired", false) });
        return out;
    }();
    return c;
}

template <class T> const T* find(const std::vector<T>& list, std::string_view code)
{
    auto it = std::find_if(list.begin(), list.end(), [&](const T& m) { return m.code == code; });
    return it == list.end() ? nullptr : &*it;
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

} // namespace coursemap
