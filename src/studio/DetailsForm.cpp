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
    Choice
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
            box->setMaximumWidth(220);
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
    if (auto* line = qobject_cast<QLineEdit*>(row.editor)) {
        const auto text = line->text();
        if (current.is_string()) {
            value = text.toStdString();
        } else {
            bool ok = false;
            const double x = text.trimmed().toDouble(&ok);
            if (!ok) {
                emit session_->failed(
                    tr("%1 must be a number; \"%2\" is not one.").arg(row.editor->accessibleName(), text));
                line->setText(display(current));
                return;
            }
            value = current.is_number_integer() ? json(static_cast<std::int64_t>(x)) : json(x);
            if (current.is_number_integer() && x != static_cast<double>(static_cast<std::int64_t>(x))) {
                emit session_->failed(tr("%1 must be a whole number.").arg(row.editor->accessibleName()));
                line->setText(display(current));
                return;
            }
        }
        line->setModified(false);
    } else if (auto* text = qobject_cast<QPlainTextEdit*>(row.editor)) {
        value = text->toPlainText().toStdString();
    } else if (auto* box = qobject_cast<QComboBox*>(row.editor)) {
        value = box->currentData().toString().toStdString();
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
