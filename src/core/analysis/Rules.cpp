#include "coursemap/analysis/Rules.h"

#include <algorithm>
#include <array>

namespace coursemap {

namespace {

constexpr std::string_view Biggs = "Biggs J. Enhancing teaching through constructive alignment. Higher "
                                   "Education 1996;32:347-364.";
constexpr std::string_view Miller = "Miller GE. The assessment of clinical skills/competence/performance. "
                                    "Academic Medicine 1990;65(9 Suppl):S63-S67.";
constexpr std::string_view Harden = "Harden RM. AMEE Guide No. 21: Curriculum mapping. Medical Teacher "
                                    "2001;23(2):123-137.";

const std::array<Rule, 24> catalogue { {
    { "objective-no-verb", Severity::Error, ItemKind::Objective, "Objective has no action verb",
        "An objective says what learners will be able to do. Without an action verb it names a topic "
        "(\"Cardiac physiology\", \"Knowledge of antibiotics\"), and nobody can tell what to teach, what "
        "to assess, or when a learner has achieved it.",
        "Mager RF. Preparing Instructional Objectives. 1962; 3rd ed. 1997. Chatterjee D, Corral J. How to "
        "write well-defined learning objectives. J Educ Perioper Med 2017;19(4):E610.",
        "\"Knowledge of the cardiac cycle\" has no action verb; it reads as a knowledge aim (remember).",
        "Start with one measurable verb at the level you intend: \"Describe the phases of the cardiac "
        "cycle\"." },
    { "objective-not-measurable", Severity::Error, ItemKind::Objective, "Objective is not measurable",
        "\"Understand\", \"know\", \"appreciate\", \"be aware of\" and paraphrases such as \"demonstrate "
        "knowledge of\" name states of mind that cannot be observed, so the objective cannot be assessed "
        "and learners cannot tell what is expected. \"Attend\", \"observe\" and \"participate in\" describe "
        "an activity, not what learners can do afterwards.",
        "Anderson LW, Krathwohl DR (eds). A Taxonomy for Learning, Teaching, and Assessing: A Revision of "
        "Bloom's Taxonomy of Educational Objectives. Longman 2001. Mager RF. Preparing Instructional "
        "Objectives. 1962.",
        "\"Understand the causes of heart failure\": \"understand\" cannot be observed or assessed.",
        "Replace the verb by what learners will do to show it, at the level you intend: for understanding, "
        "explain, describe, summarize, classify, compare or interpret." },
    { "objective-describes-teaching", Severity::Error, ItemKind::Objective,
        "Objective describes teaching, not learning",
        "An objective says what learners will be able to do once taught. \"Provide students with an "
        "overview of ...\", \"Introduce learners to ...\" or \"Cover ...\" say what the teacher will do, so "
        "nothing in them can be observed in a learner or assessed.",
        "Harden RM. Learning outcomes and instructional objectives: is there a difference? Medical Teacher "
        "2002;24(2):151-155. Mager RF. Preparing Instructional Objectives. 1962.",
        "\"Introduce students to the principles of epidemiology\": \"introduce\" describes teaching, not "
        "what "
        "learners will be able to do.",
        "Rewrite it from the learner's side, with a measurable verb: \"Explain the principles of "
        "epidemiology\"." },
    { "objective-compound", Severity::Warning, ItemKind::Objective, "Objective joins several behaviours",
        "An objective with two behaviours (\"identify and manage\") needs evidence of both; a learner who "
        "can do one but not the other cannot be judged, and teaching or assessment often covers only one.",
        "Chatterjee D, Corral J. How to write well-defined learning objectives. J Educ Perioper Med "
        "2017;19(4):E610.",
        "\"Identify and manage acute coronary syndromes\" joins 2 behaviours: identify, manage.",
        "Split it into one objective per behaviour and link each to its own teaching and assessment." },
    { "objective-verb-misspelt", Severity::Warning, ItemKind::Objective, "Objective verb looks misspelt",
        "A misspelt verb goes into the syllabus and the accreditation report as written.", "",
        "\"Desribe the conduction system\": \"desribe\" looks like a misspelling of \"describe\".",
        "Correct the spelling." },
    { "objective-verb-unknown", Severity::Info, ItemKind::Objective, "Objective verb has no known level",
        "The verb is not in the lists Coursemap reads, so it cannot place the objective on Bloom's taxonomy "
        "or check that the assessment reaches it.",
        "Anderson LW, Krathwohl DR (eds). A Taxonomy for Learning, Teaching, and Assessing. Longman 2001.",
        "\"Reconstitute a vial of ceftriaxone\": \"reconstitute\" is not in the verb lists, so its level is "
        "not known.",
        "Set the objective's Bloom level yourself, or use a verb from the lists." },
    { "objective-not-taught", Severity::Error, ItemKind::Objective, "Objective is not taught",
        "Constructive alignment asks that every intended outcome is taught: no teaching activity addresses "
        "this objective, so learners meet it first in the assessment, or never.",
        Biggs, "\"Demonstrate knowledge of heart failure therapy\" is linked to no teaching activity.",
        "Link the teaching activities that address it in the alignment matrix, or add one." },
    { "objective-not-assessed", Severity::Error, ItemKind::Objective, "Objective is not assessed",
        "What is not assessed is learned less: no assessment gives evidence that learners achieved this "
        "objective, so the course cannot show that it did.",
        Biggs, "\"Be aware of the genetic cardiomyopathies\" is assessed by nothing.",
        "Link the assessments that test it, or add one; or remove the objective if it is not an outcome." },
    { "objective-formative-only", Severity::Info, ItemKind::Objective,
        "Objective is assessed only formatively",
        "Formative assessment guides learning but does not decide progression; an objective that matters "
        "for the course usually has summative evidence too.",
        "Black P, Wiliam D. Assessment and classroom learning. Assessment in Education 1998;5(1):7-74.",
        "\"Recall the coronary artery territories\" is assessed only by the formative weekly quiz.",
        "Link a summative assessment, or acknowledge that formative evidence is intended." },
    { "assessment-below-level", Severity::Warning, ItemKind::Objective,
        "Assessment cannot reach the objective's level",
        "Each assessment method can show only so much: a written exam shows what learners know and know how "
        "to do, not that they can perform a skill (Miller's shows how) or do it in practice (does); a "
        "lab practical cannot show evaluation. When no linked assessment reaches the objective's level, the "
        "objective is not really assessed. Levels of the AAMC methods are in "
        "resources/analysis/methods.json.",
        "Miller GE. The assessment of clinical skills/competence/performance. Academic Medicine 1990;65(9 "
        "Suppl):S63-S67. Wass V, van der Vleuten C, Shatzer J, Jones R. Assessment of clinical competence. "
        "Lancet 2001;357:945-949.",
        "\"Perform a focused cardiovascular examination\" is a skill learners must show (shows how), but it "
        "is assessed only by Exam - Institutionally Developed, Written/Computer-based (AM004), which can "
        "evidence at most knows how.",
        "Assess it with a method that observes performance at that level, such as an OSCE (AM003) or a "
        "clinical performance rating (AM002); or lower the objective's level if that is what you mean." },
    { "teaching-below-level", Severity::Info, ItemKind::Objective, "Teaching does not let learners practise",
        "A skill or behaviour that learners must show or do needs teaching where they practise it "
        "(simulation, "
        "laboratory, workshop, clinical experience), not only lectures or reading.",
        Miller,
        "\"Perform basic life support\" must be shown (shows how) but is taught only by Lecture (IM013).",
        "Link or add a session where learners practise it: simulation (IM025), laboratory (IM012), workshop "
        "(IM030), role play (IM022) or clinical experience (IM002, IM003)." },
    { "objective-not-mapped", Severity::Warning, ItemKind::Objective, "Objective serves no competency",
        "Program outcomes are reached through course objectives; an objective mapped to no competency does "
        "not show up in the program's curriculum map, and a competency may look uncovered.",
        Harden, "\"Be aware of the genetic cardiomyopathies\" is mapped to no competency.",
        "Map it to the competencies it serves, with its contribution (introduced, reinforced, mastered)." },
    { "activity-orphan", Severity::Warning, ItemKind::Activity, "Teaching activity serves no objective",
        "Teaching time is the scarcest thing in a curriculum; a session that addresses no objective either "
        "teaches something the course does not intend, or its objectives were never written down.",
        Biggs, "Teaching activity \"Guest lecture: history of cardiology\" teaches no objective.",
        "Link it to the objectives it teaches, write the objective it serves, or drop it." },
    { "assessment-orphan", Severity::Warning, ItemKind::Assessment, "Assessment tests no objective",
        "An assessment that tests no stated objective grades learners on something the course never said "
        "it would teach.",
        Biggs, "Assessment \"Attendance\" assesses no objective.",
        "Link it to the objectives it tests in the assessment blueprint, or remove it." },
    { "method-not-in-vocabulary", Severity::Info, ItemKind::Activity, "Method is not in the AAMC vocabulary",
        "Coursemap judges what a teaching or assessment method can reach from its AAMC code; a code outside "
        "the vocabulary (or one retired from it) cannot be judged and will not be accepted in a Curriculum "
        "Inventory report.",
        "MedBiquitous Curriculum Inventory Working Group. Curriculum Inventory Standardized Vocabulary. AAMC "
        "2015.",
        "Assessment \"Lab practical\" uses AM015, which was retired from the vocabulary.",
        "Choose the method from the AAMC list (IM001-IM031, AM001-AM019)." },
    { "summative-weights", Severity::Error, ItemKind::Course, "Summative weights do not add up to 100 %",
        "Learners and examiners read the weights as the course grade; weights that add up to more or less "
        "than 100 % leave the grade undefined.",
        "", "CARD 210: the summative weights add up to 95 %, not 100 %.",
        "Adjust the weights of the summative assessments so that they add up to 100 %." },
    { "weight-teaching-mismatch", Severity::Info, ItemKind::Objective,
        "Assessment weight far from teaching time",
        "Learners spend their effort where the marks are. An objective that carries much more of the grade "
        "than of the teaching time (or much less) is a sign that the blueprint and the timetable disagree "
        "about what matters.",
        "Hamdy H. Blueprinting for the assessment of health care professionals. The Clinical Teacher "
        "2006;3(3):175-179.",
        "\"Interpret a 12-lead ECG\" carries 31 % of the summative weight but 8 % of the teaching time.",
        "Rebalance the blueprint shares or the teaching time, or acknowledge the difference with a reason." },
    { "credit-hours", Severity::Warning, ItemKind::Course, "Hours do not fit the credits",
        "A credit stands for a number of study hours (contact and self-study): 45 for a US semester credit "
        "hour, 25 to 30 for an ECTS credit. A course whose hours are far from its credits overloads or "
        "under-uses learners' time and will be questioned by accreditors. The program's hours per credit "
        "sets the ratio; the tolerance is 20 %.",
        "US Code of Federal Regulations 34 CFR 600.2 (credit hour). European Commission. ECTS Users' Guide "
        "2015.",
        "CARD 210: 4 credits stand for 180 study hours at 45 hours per credit, but the course declares 120 "
        "(60 contact + 60 self-study).",
        "Correct the credits or the contact and self-study hours, or set the program's hours per credit." },
    { "schedule-hours", Severity::Info, ItemKind::Course, "Scheduled teaching differs from contact hours",
        "The contact hours a course declares should be the teaching its schedule holds; a large gap (over "
        "20 %) means the schedule is incomplete or the declared hours are out of date.",
        "", "CARD 210 declares 60 contact hours but schedules 38.5 hours of teaching activities.",
        "Add the missing sessions with their durations, or correct the declared contact hours." },
    { "competency-not-covered", Severity::Warning, ItemKind::Competency, "Competency is not covered",
        "A program promises every competency of the frameworks it adopts; one that no course objective maps "
        "to is a gap in the curriculum.",
        Harden, "Competency SBP \"Systems-Based Practice\" is mapped by no objective in any course.",
        "Map the objectives that develop it, or add them to a course." },
    { "competency-only-introduced", Severity::Warning, ItemKind::Competency,
        "Competency is introduced but never reinforced or mastered",
        "Competence grows when a topic is revisited at increasing depth (a spiral curriculum): a competency "
        "that is only ever introduced is never brought to the level graduates need.",
        "Harden RM. What is a spiral curriculum? Medical Teacher 1999;21(2):141-143. Bruner JS. The Process "
        "of Education. 1960.",
        "Competency ICS \"Interpersonal and Communication Skills\" is introduced (2 objectives) but never "
        "reinforced or mastered.",
        "Map later objectives that reinforce and master it, in later courses of the sequence." },
    { "competency-never-mastered", Severity::Info, ItemKind::Competency,
        "Competency is reinforced but never mastered",
        "A competency that is introduced and reinforced but never mapped at mastery has no course where "
        "learners are expected to reach the graduate level.",
        "Harden RM. What is a spiral curriculum? Medical Teacher 1999;21(2):141-143.",
        "Competency PBLI \"Practice-Based Learning and Improvement\" is reinforced but never mastered.",
        "Map the objectives where learners reach mastery, usually in the final phase." },
    { "competency-out-of-sequence", Severity::Info, ItemKind::Competency,
        "Competency is mastered before it is introduced",
        "Introduced, reinforced and mastered describe a sequence; mastery in an earlier year than the first "
        "introduction suggests the contributions or the course years are wrong.",
        Harden, "Competency TT \"Teams and Teamwork\" is mastered in year 1 but first introduced in year 3.",
        "Check the contribution levels of its objectives and the years of the courses." },
    { "objective-level-differs", Severity::Info, ItemKind::Objective, "Objective level set against its verb",
        "The author set a Bloom level that the objective's verb does not reach in any published list; the "
        "assessment checks use the level set, but learners read the verb.",
        "Anderson LW, Krathwohl DR (eds). A Taxonomy for Learning, Teaching, and Assessing. Longman 2001.",
        "\"List the causes of chest pain\" is set to analyze, but \"list\" is remember.",
        "Choose a verb at the intended level, or set the level the verb expresses." },
} };

constexpr std::array<std::string_view, 3> severityNames { "error", "warning", "info" };

} // namespace

std::string_view toString(Severity severity)
{
    return severityNames[static_cast<std::size_t>(severity)];
}

std::optional<Severity> parseSeverity(std::string_view name)
{
    for (std::size_t i = 0; i < severityNames.size(); ++i)
        if (severityNames[i] == name)
            return static_cast<Severity>(i);
    return std::nullopt;
}

std::span<const Rule> rules()
{
    return catalogue;
}

const Rule* findRule(std::string_view id)
{
    auto it = std::find_if(catalogue.begin(), catalogue.end(), [&](const Rule& r) { return r.id == id; });
    return it == catalogue.end() ? nullptr : &*it;
}

} // namespace coursemap
