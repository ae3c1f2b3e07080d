#include "DetailsForm.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/Statistics.h"
#include "coursemap/model/Fields.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace coursemap::studio {

using nlohmann::json;

namespace {

enum class Kind
{
    Line,
    Number,
    Paragraph,
    Choice,
    Course // another course of the map, or none
};

struct Spec
{
    const char* field;
    const char* label;
    Kind kind;
    std::vector<std::pair<QString, std::string>> choices = {};
};

std::vector<Spec> courseSpecs()
{
    return {
        { "code", QT_TRANSLATE_NOOP("DetailsForm", "Code"), Kind::Line },
        { "title", QT_TRANSLATE_NOOP("DetailsForm", "Title"), Kind::Line },
        { "year", QT_TRANSLATE_NOOP("DetailsForm", "Year of the program"), Kind::Number },
        { "term", QT_TRANSLATE_NOOP("DetailsForm", "Term or block"), Kind::Line },
        { "credits", QT_TRANSLATE_NOOP("DetailsForm", "Credits"), Kind::Number },
        { "contact_hours", QT_TRANSLATE_NOOP("DetailsForm", "Contact hours"), Kind::Number },
        { "self_study_hours", QT_TRANSLATE_NOOP("DetailsForm", "Self-study hours"), Kind::Number },
        { "director", QT_TRANSLATE_NOOP("DetailsForm", "Course director"), Kind::Line },
        { "delivery_mode", QT_TRANSLATE_NOOP("DetailsForm", "Delivery"), Kind::Choice,
            { { QObject::tr("In person"), "in_person" }, { QObject::tr("Online"), "online" },
                { QObject::tr("Hybrid"), "hybrid" } } },
        { "description", QT_TRANSLATE_NOOP("DetailsForm", "Description"), Kind::Paragraph },
        { "prerequisites", QT_TRANSLATE_NOOP("DetailsForm", "Prerequisites"), Kind::Paragraph },
        // How the course is reported to the AAMC Curriculum Inventory as a sequence block.
        { "weeks", QT_TRANSLATE_NOOP("DetailsForm", "Length in weeks"), Kind::Number },
        { "start_date", QT_TRANSLATE_NOOP("DetailsForm", "Start date (YYYY-MM-DD)"), Kind::Line },
        { "end_date", QT_TRANSLATE_NOOP("DetailsForm", "End date (YYYY-MM-DD)"), Kind::Line },
        { "clerkship_model", QT_TRANSLATE_NOOP("DetailsForm", "Clerkship"), Kind::Choice,
            { { QObject::tr("Not a clerkship"), "" }, { QObject::tr("Rotation (block)"), "rotation" },
                { QObject::tr("Integrated (longitudinal)"), "integrated" } } },
        { "requirement", QT_TRANSLATE_NOOP("DetailsForm", "Taken by"), Kind::Choice,
            { { QObject::tr("Every learner (required)"), "required" },
                { QObject::tr("Learners who choose it (optional)"), "optional" },
                { QObject::tr("Learners in a track (required in track)"), "required_in_track" } } },
        { "parent_course_id", QT_TRANSLATE_NOOP("DetailsForm", "Part of"), Kind::Course },
        { "child_order", QT_TRANSLATE_NOOP("DetailsForm", "Courses within it"), Kind::Choice,
            { { QObject::tr("One after another (ordered)"), "ordered" },
                { QObject::tr("In any order (unordered)"), "unordered" },
                { QObject::tr("Side by side (parallel)"), "parallel" } } },
        { "minimum", QT_TRANSLATE_NOOP("DetailsForm", "Of those, a learner takes at least"), Kind::Number },
        { "maximum", QT_TRANSLATE_NOOP("DetailsForm", "and at most"), Kind::Number },
    };
}

std::vector<Spec> programSpecs()
{
    return {
        { "name", QT_TRANSLATE_NOOP("DetailsForm", "Program"), Kind::Line },
        { "institution", QT_TRANSLATE_NOOP("DetailsForm", "Institution"), Kind::Line },
        { "degree", QT_TRANSLATE_NOOP("DetailsForm", "Degree"), Kind::Line },
        { "length_years", QT_TRANSLATE_NOOP("DetailsForm", "Length in years"), Kind::Number },
        { "hours_per_credit", QT_TRANSLATE_NOOP("DetailsForm", "Study hours per credit"), Kind::Number },
        { "description", QT_TRANSLATE_NOOP("DetailsForm", "Description"), Kind::Paragraph },
    };
}

// The type of a field and whether it may be cleared, from the core's field table.
std::pair<ValueType, bool> typeOf(Id course, const std::string& field)
{
    if (course == NoId) {
        const auto* f = findField<Program>(field);
        return f ? std::pair { f->type, f->nullable } : std::pair { ValueType::Text, false };
    }
    const auto* f = findField<Course>(field);
    return f ? std::pair { f->type, f->nullable } : std::pair { ValueType::Text, false };
}

json valueOf(const DocumentData& data, Id course, const std::string& field)
{
    if (course == NoId) {
        const auto* f = findField<Program>(field);
        return f ? f->get(data.program()) : json();
    }
    const auto* c = data.get<Course>(course);
    const auto* f = findField<Course>(field);
    return c && f ? f->get(*c) : json();
}

QString display(const json& v)
{
    if (v.is_string())
        return qs(v.get<std::string>());
    if (v.is_null())
        return {};
    return qs(v.dump());
}

} // namespace

DetailsForm::DetailsForm(QWidget* parent)
    : QWidget(parent)
    , heading_(new QLabel(this))
    , summary_(new QLabel(this))
{
    setObjectName("detailsPage");
    heading_->setObjectName("detailsHeading");
    summary_->setObjectName("detailsSummary");
    summary_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(heading_);
    layout->addWidget(summary_);
    layout->addStretch(); // the form goes between the summary and this
    build();
}

void DetailsForm::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    course_ = NoId;
    if (session_)
        connect(session_, &Session::changed, this, [this] { load(); });
    build();
}

void DetailsForm::setItem(Id courseId)
{
    // What is being typed belongs to the course it was typed for: save it before showing another.
    for (const auto& r : rows_) {
        auto* line = qobject_cast<QLineEdit*>(r.editor);
        auto* text = qobject_cast<QPlainTextEdit*>(r.editor);
        if ((line && line->isModified()) || (text && text->hasFocus()))
            save(r);
    }
    const bool kindChanged = (courseId == NoId) != (course_ == NoId);
    course_ = courseId;
    if (kindChanged)
        build();
    else
        load();
}

QWidget* DetailsForm::editorFor(const std::string& field) const
{
    for (const auto& r : rows_)
        if (r.field == field)
            return r.editor;
    return nullptr;
}

Id DetailsForm::target() const
{
    return course_ == NoId ? (session_ ? session_->data().program().id : NoId) : course_;
}

void DetailsForm::build()
{
    delete body_;
    rows_.clear();
    body_ = new QWidget(this);
    auto* form = new QFormLayout(body_);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    for (const auto& spec : course_ == NoId ? programSpecs() : courseSpecs()) {
        QWidget* editor = nullptr;
        const auto label = tr(spec.label);
        switch (spec.kind) {
        case Kind::Line:
        case Kind::Number: {
            auto* line = new QLineEdit(body_);
            if (spec.kind == Kind::Number)
                line->setMaximumWidth(120);
            editor = line;
            break;
        }
        case Kind::Paragraph: {
            auto* text = new QPlainTextEdit(body_);
            text->setTabChangesFocus(true);
            text->setFixedHeight(text->fontMetrics().lineSpacing() * 4 + 12);
            text->installEventFilter(this);
            editor = text;
            break;
        }
        case Kind::Choice: {
            auto* box = new QComboBox(body_);
            for (const auto& [text, value] : spec.choices)
                box->addItem(text, qs(value));
            box->setMaximumWidth(280);
            editor = box;
            break;
        }
        case Kind::Course: {
            auto* box = new QComboBox(body_); // filled by load(): the courses change
            box->setMaximumWidth(360);
            box->setProperty("courses", true);
            editor = box;
            break;
        }
        }
        editor->setObjectName(QString("field_") + spec.field);
        editor->setAccessibleName(label);
        form->addRow(label + ":", editor);
        rows_.push_back({ spec.field, editor });
        const Row row = rows_.back();
        if (auto* line = qobject_cast<QLineEdit*>(editor))
            connect(line, &QLineEdit::editingFinished, this, [this, row] { save(row); });
        else if (auto* box = qobject_cast<QComboBox*>(editor))
            connect(box, &QComboBox::activated, this, [this, row] { save(row); });
        // Paragraphs are saved when they lose focus (eventFilter).
    }
    static_cast<QVBoxLayout*>(layout())->insertWidget(2, body_);
    load();
}

void DetailsForm::load()
{
    const bool ok = session_ && (course_ == NoId || session_->data().get<Course>(course_));
    body_->setEnabled(ok && !session_->readOnly());
    if (!ok) {
        heading_->setText(session_ ? tr("<h2>This course was deleted</h2>") : QString());
        summary_->clear();
        return;
    }
    const auto& data = session_->data();
    loading_ = true;
    for (const auto& r : rows_) {
        const auto v = valueOf(data, course_, r.field);
        if (auto* line = qobject_cast<QLineEdit*>(r.editor)) {
            if (!line->hasFocus() || !line->isModified())
                line->setText(display(v));
        } else if (auto* text = qobject_cast<QPlainTextEdit*>(r.editor)) {
            if (!text->hasFocus() && text->toPlainText() != display(v))
                text->setPlainText(display(v));
        } else if (auto* box = qobject_cast<QComboBox*>(r.editor)) {
            if (box->property("courses").toBool()) {
                // Any course but this one and those within it (a course cannot be part of itself).
                box->clear();
                box->addItem(tr("None: at the top of the program"), QString());
                for (const auto* c : data.courses()) {
                    bool within = false;
                    for (Id p = c->id; p != NoId && !within;) {
                        within = p == course_;
                        const auto* parent = data.get<Course>(p);
                        p = parent ? parent->parentCourseId : NoId;
                    }
                    if (!within)
                        box->addItem(qs(c->code.empty() ? c->title : c->code + " " + c->title),
                            QString::number(c->id));
                }
            }
            box->setCurrentIndex(std::max(0, box->findData(display(v))));
        }
    }
    loading_ = false;
    const auto stats = computeStatistics(data);
    if (course_ == NoId) {
        heading_->setText(tr("<h2>%1</h2>").arg(qs(data.program().name).toHtmlEscaped()));
        summary_->setText(
            tr("Courses: %1 · objectives: %2 · activities: %3 · assessments: %4 · hours of teaching: %5.")
                .arg(stats.courses.size())
                .arg(stats.items.at(ItemKind::Objective))
                .arg(stats.items.at(ItemKind::Activity))
                .arg(stats.items.at(ItemKind::Assessment))
                .arg(stats.teachingHours, 0, 'f', 0));
        return;
    }
    const auto* c = data.get<Course>(course_);
    heading_->setText(tr("<h2>%1 — %2</h2>").arg(qs(c->code).toHtmlEscaped(), qs(c->title).toHtmlEscaped()));
    for (const auto& s : stats.courses)
        if (s.code == c->code && s.title == c->title)
            summary_->setText(tr("%1 objectives, %2 activities (%3 hours scheduled), %4 assessments (%5% of "
                                 "the grade summative). Review status: %6 (set in the Review panel).")
                                  .arg(s.objectives)
                                  .arg(s.activities)
                                  .arg(s.teachingHours, 0, 'f', 1)
                                  .arg(s.assessments)
                                  .arg(s.summativeWeight, 0, 'f', 0)
                                  .arg(statusName(c->status).toLower()));
}

void DetailsForm::save(const Row& row)
{
    if (loading_ || !session_ || session_->readOnly())
        return;
    const auto current = valueOf(session_->data(), course_, row.field);
    json value;
    const auto [type, nullable] = typeOf(course_, row.field);
    if (auto* line = qobject_cast<QLineEdit*>(row.editor)) {
        const auto text = line->text();
        if (type == ValueType::Text) {
            value = text.toStdString();
        } else if (nullable && text.trimmed().isEmpty()) {
            value = nullptr; // cleared
        } else {
            bool ok = false;
            const double x = text.trimmed().toDouble(&ok);
            if (!ok) {
                emit session_->failed(
                    tr("%1 must be a number; \"%2\" is not one.").arg(row.editor->accessibleName(), text));
                line->setText(display(current));
                return;
            }
            const bool whole = type == ValueType::Integer;
            value = whole ? json(static_cast<std::int64_t>(x)) : json(x);
            if (whole && x != static_cast<double>(static_cast<std::int64_t>(x))) {
                emit session_->failed(tr("%1 must be a whole number.").arg(row.editor->accessibleName()));
                line->setText(display(current));
                return;
            }
        }
        line->setModified(false);
    } else if (auto* text = qobject_cast<QPlainTextEdit*>(row.editor)) {
        value = text->toPlainText().toStdString();
    } else if (auto* box = qobject_cast<QComboBox*>(row.editor)) {
        const auto chosen = box->currentData().toString();
        if (chosen.isEmpty() && nullable)
            value = nullptr;
        else if (box->property("courses").toBool())
            value = chosen.toLongLong();
        else
            value = chosen.toStdString();
    }
    if (value == current)
        return;
    if (!session_->apply(UpdateField { target(), row.field, value }))
        load(); // refused: show what the file holds
}

bool DetailsForm::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::FocusOut)
        for (const auto& r : rows_)
            if (r.editor == watched)
                save(r);
    return QWidget::eventFilter(watched, event);
}

} // namespace coursemap::studio
