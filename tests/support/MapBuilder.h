// Small course maps built in memory, for rule tests: each call adds one item and returns its id.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <string>

namespace coursemap::test {

class MapBuilder
{
public:
    MapBuilder()
    {
        Program p;
        p.id = next();
        p.name = "Test program";
        data.put(p);
    }

    Id framework(const std::string& name = "ACGME")
    {
        Framework f;
        f.id = next();
        f.name = name;
        data.put(f);
        return f.id;
    }
    Id competency(Id frameworkId, const std::string& code, Id parent = NoId)
    {
        Competency c;
        c.id = next();
        c.frameworkId = frameworkId;
        c.parentId = parent;
        c.code = code;
        c.title = code + " title";
        data.put(c);
        return c.id;
    }
    Id course(
        const std::string& code, int year = 1, double credits = 0, double contact = 0, double selfStudy = 0)
    {
        Course c;
        c.id = next();
        c.code = code;
        c.title = code + " title";
        c.year = year;
        c.credits = credits;
        c.contactHours = contact;
        c.selfStudyHours = selfStudy;
        data.put(c);
        return c.id;
    }
    Id objective(Id courseId, const std::string& text)
    {
        Objective o;
        o.id = next();
        o.courseId = courseId;
        o.order = order_++;
        o.text = text;
        data.put(o);
        return o.id;
    }
    Id activity(Id courseId, const std::string& method = "IM013", int minutes = 60)
    {
        Activity a;
        a.id = next();
        a.courseId = courseId;
        a.order = order_++;
        a.title = "Session " + std::to_string(a.id);
        a.method = method;
        a.minutes = minutes;
        data.put(a);
        return a.id;
    }
    Id assessment(
        Id courseId, const std::string& method = "AM004", double weight = 100, bool summative = true)
    {
        Assessment a;
        a.id = next();
        a.courseId = courseId;
        a.order = order_++;
        a.title = "Assessment " + std::to_string(a.id);
        a.method = method;
        a.weight = weight;
        a.summative = summative;
        data.put(a);
        return a.id;
    }
    void teach(Id objective, Id activity)
    {
        data.putLink({ { LinkKind::Teaches, objective, activity }, {}, {} });
    }
    void assess(Id objective, Id assessment, std::optional<double> share = {})
    {
        data.putLink({ { LinkKind::Assesses, objective, assessment }, share, {} });
    }
    void map(Id objective, Id competency, Contribution c = Contribution::Introduced)
    {
        data.putLink({ { LinkKind::Maps, objective, competency }, {}, c });
    }
    template <class T, class F> void edit(Id id, F change)
    {
        T item = *data.get<T>(id);
        change(item);
        data.put(item);
    }

    DocumentData data;

private:
    Id next() { return ++id_; }
    Id id_ = 0;
    int order_ = 0;
};

} // namespace coursemap::test
