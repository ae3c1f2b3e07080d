#include "LargeSchool.h"

#include <array>
#include <random>
#include <string>

namespace coursemap::bench {

namespace {

constexpr std::array<const char*, 8> stems { "", "", "",
    "By the end of this session, students will be able to ", "Students will ", "1.",
    "The learner will be able to ", "a) " };
constexpr std::array<const char*, 40> verbs { "Describe", "Explain", "Identify", "List", "Interpret",
    "Compare", "Perform", "Demonstrate", "Apply", "Calculate", "Analyze", "Differentiate", "Evaluate",
    "Justify", "Formulate", "Design", "Develop", "Recognize", "Summarize", "Classify", "Discuss", "Outline",
    "Select", "Prioritize", "Counsel", "Administer", "Obtain", "Document", "Assess", "Diagnose", "Manage",
    "Appraise", "Construct", "Plan", "Understand", "Know", "Be aware of", "Appreciate",
    "Demonstrate knowledge of", "Identify and manage" };
constexpr std::array<const char*, 24> topics { "the pathophysiology of", "the clinical features of",
    "the first-line management of", "the investigations for", "the pharmacology of drugs used in",
    "a focused history in", "the risk factors for", "the complications of", "an evidence-based plan for",
    "the differential diagnosis of", "the epidemiology of", "the physical signs of", "the prognosis of",
    "patient education about", "the ethical issues in", "the laboratory findings in",
    "the imaging findings in", "the nursing care of patients with", "the genetics of", "the prevention of",
    "the screening for", "the emergency management of", "the long-term follow-up of",
    "shared decisions about" };
constexpr std::array<const char*, 50> conditions { "heart failure", "asthma", "type 2 diabetes", "sepsis",
    "community-acquired pneumonia", "acute kidney injury", "stroke", "atrial fibrillation", "COPD",
    "depression", "hypertension", "chronic kidney disease", "anaemia", "osteoarthritis",
    "rheumatoid arthritis", "cirrhosis", "peptic ulcer disease", "inflammatory bowel disease",
    "hypothyroidism", "Cushing syndrome", "meningitis", "epilepsy", "Parkinson disease", "multiple sclerosis",
    "migraine", "delirium", "dementia", "schizophrenia", "bipolar disorder", "preeclampsia", "preterm labour",
    "neonatal jaundice", "bronchiolitis", "otitis media", "urinary tract infection", "pyelonephritis",
    "prostate cancer", "breast cancer", "lung cancer", "colorectal cancer", "melanoma", "HIV infection",
    "tuberculosis", "malaria", "venous thromboembolism", "pulmonary embolism", "acute coronary syndrome",
    "aortic stenosis", "infective endocarditis", "anaphylaxis" };
constexpr std::array<const char*, 10> settings { ".", ".", ".", " in adults.", " in children.",
    " in older adults.", " in the emergency department.", " in primary care.", " in the clinical setting.",
    " on a simulated patient." };
constexpr std::array<const char*, 12> instructional { "IM013", "IM008", "IM001", "IM019", "IM026", "IM025",
    "IM012", "IM030", "IM002", "IM003", "IM022", "IM023" };
constexpr std::array<const char*, 10> assessment { "AM004", "AM004", "AM008", "AM003", "AM002", "AM014",
    "AM005", "AM009", "AM011", "AM016" };

} // namespace

DocumentData makeLargeSchool(unsigned seed, double scale)
{
    const SchoolSize size;
    std::mt19937 random(seed);
    auto pick = [&](const auto& list) {
        return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(random)];
    };
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; };
    DocumentData data;
    Id next = 0;

    Program program;
    program.id = ++next;
    program.name = "Synthetic Large School of Medicine";
    program.institution = "Coursemap benchmark";
    program.degree = "MD";
    program.description = "A synthetic four-year MD program of 100 courses, for benchmarks and for trying "
                          "the studio at scale.";
    data.put(program);

    std::vector<Id> competencies;
    const std::array<std::pair<const char*, int>, 3> frameworks { { { "Program outcomes", 100 },
        { "Core EPAs", 30 }, { "Interprofessional competencies", 20 } } };
    int fwOrder = 0;
    for (const auto& [name, count] : frameworks) {
        Framework f;
        f.id = ++next;
        f.order = fwOrder++;
        f.name = name;
        data.put(f);
        const int n = static_cast<int>(count * size.competencies / 150);
        for (int i = 0; i < n; ++i) {
            Competency c;
            c.id = ++next;
            c.frameworkId = f.id;
            c.order = i;
            c.code = std::string(1, name[0]) + std::to_string(i + 1);
            c.title = std::string(name) + " competency " + std::to_string(i + 1);
            data.put(c);
            competencies.push_back(c.id);
        }
    }

    const int courses = std::max(1, static_cast<int>(size.courses * scale));
    for (int ci = 0; ci < courses; ++ci) {
        Course c;
        c.id = ++next;
        c.order = ci;
        c.code = "MED " + std::to_string(100 * (1 + ci * 4 / courses) + ci);
        c.title = "Course " + std::to_string(ci + 1);
        c.year = 1 + ci * 4 / courses;
        c.credits = 4;
        c.contactHours = 60;
        c.selfStudyHours = 120;
        data.put(c);

        std::vector<Id> objectives, activities, assessments;
        for (int i = 0; i < size.objectivesPerCourse; ++i) {
            Objective o;
            o.id = ++next;
            o.courseId = c.id;
            o.order = i;
            o.text = std::string(pick(stems)) + pick(verbs) + " " + pick(topics) + " " + pick(conditions)
                + pick(settings);
            data.put(o);
            objectives.push_back(o.id);
        }
        for (int i = 0; i < size.activitiesPerCourse; ++i) {
            Activity a;
            a.id = ++next;
            a.courseId = c.id;
            a.order = i;
            a.title = "Session " + std::to_string(i + 1) + ": " + pick(conditions);
            a.method = pick(instructional);
            a.week = 1 + i * 15 / size.activitiesPerCourse;
            a.minutes = 18; // 200 sessions × 18 min = 60 contact hours
            data.put(a);
            activities.push_back(a.id);
        }
        for (int i = 0; i < size.assessmentsPerCourse; ++i) {
            Assessment a;
            a.id = ++next;
            a.courseId = c.id;
            a.order = i;
            a.title = "Assessment " + std::to_string(i + 1);
            a.method = pick(assessment);
            a.summative = i < 10;
            a.weight = a.summative ? 10 : 0;
            a.week = 1 + i * 15 / size.assessmentsPerCourse;
            data.put(a);
            assessments.push_back(a.id);
        }
        for (std::size_t i = 0; i < objectives.size(); ++i) {
            const Id o = objectives[i];
            // Two teaching links (a few objectives untaught), one or two assessments, one or two
            // competencies.
            if (!chance(0.01)) {
                data.putLink({ { LinkKind::Teaches, o, activities[i % activities.size()] }, {}, {} });
                data.putLink(
                    { { LinkKind::Teaches, o, activities[(i * 7 + 3) % activities.size()] }, {}, {} });
                if (i % 40 == 0)
                    data.putLink(
                        { { LinkKind::Teaches, o, activities[(i * 13 + 1) % activities.size()] }, {}, {} });
            }
            data.putLink({ { LinkKind::Assesses, o, assessments[i % 10] }, {}, {} }); // a summative one
            if (i % 2 == 0)
                data.putLink({ { LinkKind::Assesses, o, assessments[(i / 2 * 11 + 5) % assessments.size()] },
                    {}, {} });
            const auto contribution
                = static_cast<Contribution>(std::min(2, (c.year - 1) * 3 / 4 + (chance(0.3) ? 1 : 0)));
            data.putLink({ { LinkKind::Maps, o, pick(competencies) }, {}, contribution });
            if (i % 2 == 1)
                data.putLink({ { LinkKind::Maps, o, pick(competencies) }, {}, contribution });
        }
    }
    return data;
}

} // namespace coursemap::bench
