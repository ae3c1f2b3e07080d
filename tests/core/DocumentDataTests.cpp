// The model's lists in their order (a course's objectives, a framework's competencies, ...) come from indexes
// kept as items are put and erased, so that listing one course does not walk every objective of the school.
// They must always say what a walk over all the items would.
#include "coursemap/model/DocumentData.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

using namespace coursemap;

namespace {

// The order a walk over all items gives: by order value, ties by id.
template <class T, class Pred> std::vector<Id> walked(const DocumentData& data, Pred keep)
{
    std::vector<const T*> items;
    for (const auto& [id, item] : data.all<T>())
        if (keep(item))
            items.push_back(&item);
    std::stable_sort(items.begin(), items.end(), [](const T* a, const T* b) { return a->order < b->order; });
    std::vector<Id> out;
    for (const auto* i : items)
        out.push_back(i->id);
    return out;
}

template <class T> std::vector<Id> ids(const std::vector<const T*>& items)
{
    std::vector<Id> out;
    for (const auto* i : items)
        out.push_back(i->id);
    return out;
}

} // namespace

TEST_CASE("Ordered lists stay right through any sequence of puts, moves between parents and erases")
{
    std::mt19937 random(7);
    DocumentData data;
    Program p;
    p.id = 1;
    data.put(p);
    std::vector<Id> live;
    Id next = 2;
    const auto pick
        = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
    const auto order = [&] { return static_cast<int>(pick(8)); }; // few values: many ties
    for (int step = 0; step < 6000; ++step) {
        const auto choice = pick(10);
        if (choice < 6 || live.empty()) {
            // A new item, or a new version of one (another order, another parent).
            const bool again = !live.empty() && pick(2) == 0;
            const Id id = again ? live[pick(live.size())] : next++;
            const auto kind = again
                ? *data.kindOf(id)
                : std::vector<ItemKind> { ItemKind::Framework, ItemKind::Competency, ItemKind::Course,
                      ItemKind::Objective, ItemKind::Activity, ItemKind::Assessment }[pick(6)];
            const Id parent = static_cast<Id>(100000 + pick(3));
            switch (kind) {
            case ItemKind::Framework: {
                Framework f;
                f.id = id;
                f.order = order();
                data.put(f);
                break;
            }
            case ItemKind::Competency: {
                Competency c;
                c.id = id;
                c.frameworkId = parent;
                c.parentId = pick(2) ? NoId : static_cast<Id>(200000 + pick(2));
                c.order = order();
                data.put(c);
                break;
            }
            case ItemKind::Course: {
                Course c;
                c.id = id;
                c.order = order();
                data.put(c);
                break;
            }
            case ItemKind::Objective: {
                Objective o;
                o.id = id;
                o.courseId = parent;
                o.order = order();
                data.put(o);
                break;
            }
            case ItemKind::Activity: {
                Activity a;
                a.id = id;
                a.courseId = parent;
                a.order = order();
                data.put(a);
                break;
            }
            default: {
                Assessment a;
                a.id = id;
                a.courseId = parent;
                a.order = order();
                data.put(a);
                break;
            }
            }
            if (!again)
                live.push_back(id);
        } else {
            const auto at = pick(live.size());
            data.erase(live[at]);
            live.erase(live.begin() + static_cast<std::ptrdiff_t>(at));
        }
        if (step % 50 != 0)
            continue;
        INFO("step " << step);
        CHECK(ids(data.frameworks()) == walked<Framework>(data, [](const Framework&) { return true; }));
        CHECK(ids(data.courses()) == walked<Course>(data, [](const Course&) { return true; }));
        for (Id parent = 100000; parent < 100004; ++parent) {
            CHECK(ids(data.objectivesOf(parent))
                == walked<Objective>(data, [&](const Objective& o) { return o.courseId == parent; }));
            CHECK(ids(data.activitiesOf(parent))
                == walked<Activity>(data, [&](const Activity& a) { return a.courseId == parent; }));
            CHECK(ids(data.assessmentsOf(parent))
                == walked<Assessment>(data, [&](const Assessment& a) { return a.courseId == parent; }));
            for (Id up : { NoId, Id(200000), Id(200001) })
                CHECK(ids(data.competenciesOf(parent, up))
                    == walked<Competency>(data,
                        [&](const Competency& c) { return c.frameworkId == parent && c.parentId == up; }));
        }
        // A copy has the same lists; the order after the last sibling is one past the last.
        const DocumentData copy = data;
        CHECK(ids(copy.objectivesOf(100001)) == ids(data.objectivesOf(100001)));
        Objective probe;
        probe.courseId = 100001;
        const auto siblings = data.siblingsOf(probe);
        CHECK(data.orderAfterSiblings(probe)
            == (siblings.empty() ? 0 : data.get<Objective>(siblings.back())->order + 1));
    }
}
