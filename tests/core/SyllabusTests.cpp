#include "support/MapBuilder.h"
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/syllabus/Syllabus.h"

#include <catch2/catch.hpp>

using namespace coursemap;
using namespace coursemap::test;

TEST_CASE("The syllabus holds every objective, activity and assessment of the course, and nothing of others")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto& data = doc->data();
    const auto* card = findCourseByCode(data, "CARD 210");
    REQUIRE(card);
    CHECK(findCourseByCode(data, "card210") == card);
    CHECK_FALSE(findCourseByCode(data, "CARD 999"));
    const auto s = buildSyllabus(data, card->id);
    CHECK(s.title == "CARD 210 Cardiovascular Medicine");
    for (const auto* o : data.objectivesOf(card->id))
        CHECK(s.html.find(escapeHtml(o->text)) != std::string::npos);
    for (const auto* a : data.activitiesOf(card->id))
        CHECK(s.html.find(escapeHtml(a->title)) != std::string::npos);
    for (const auto* a : data.assessmentsOf(card->id))
        CHECK(s.html.find(escapeHtml(a->title)) != std::string::npos);
    for (const auto* c : data.courses())
        if (c != card)
            for (const auto* o : data.objectivesOf(c->id))
                CHECK(s.html.find(escapeHtml(o->text)) == std::string::npos);
    CHECK(s.html.find("Alignment summary") != std::string::npos);
    SyllabusOptions without;
    without.alignmentSummary = false;
    CHECK(buildSyllabus(data, card->id, without).html.find("Alignment summary") == std::string::npos);
    CHECK_THROWS_AS(buildSyllabus(data, 999999), Error);
}

TEST_CASE("Text a user typed never becomes markup in the syllabus")
{
    CHECK(escapeHtml("<b>x</b> & \"y\" 'z'") == "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#39;z&#39;");
    MapBuilder map;
    const Id course = map.course("HOST 1");
    auto c = *map.data.get<Course>(course);
    c.title = "<i>Hostile</i> & co";
    map.data.put(c);
    const Id o = map.objective(course, "Explain <img src='file:///etc/hostname'> and &amp; <b>this</b>");
    const Id a = map.activity(course);
    auto x = *map.data.get<Activity>(a);
    x.title = "<script>alert(1)</script>";
    map.data.put(x);
    map.teach(o, a);
    const auto s = buildSyllabus(map.data, course);
    CHECK(s.html.find("<img") == std::string::npos);
    CHECK(s.html.find("<script>") == std::string::npos);
    CHECK(s.html.find("<b>this</b>") == std::string::npos);
    CHECK(s.html.find("&lt;img src=&#39;file:///etc/hostname&#39;&gt;") != std::string::npos);
    CHECK(s.html.find("&amp;amp;") != std::string::npos);
    CHECK(s.html.find("&lt;i&gt;Hostile&lt;/i&gt; &amp; co") != std::string::npos);
}
