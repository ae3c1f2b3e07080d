#include "ObjectiveEditor.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/analysis/Checker.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {
constexpr int SavePauseMs = 700;
constexpr int MaxSuggestions = 6;
} // namespace

ObjectiveEditor::ObjectiveEditor(QWidget* parent)
    : QWidget(parent)
    , heading_(new QLabel(this))
    , text_(new QPlainTextEdit(this))
    , verb_(new QLabel(this))
    , badge_(new QLabel(this))
    , domain_(new QLabel(this))
    , problems_(new QLabel(this))
    , suggestionBox_(new QWidget(this))
    , suggestions_(new QHBoxLayout(suggestionBox_))
    , pause_(new QTimer(this))
{
    heading_->setObjectName("objectiveHeading");
    text_->setObjectName("objectiveText");
    text_->setAccessibleName(tr("Objective text"));
    text_->setPlaceholderText(
        tr("By the end of the course, learners will be able to… (start with a measurable "
           "verb: interpret, explain, perform)"));
    text_->setTabChangesFocus(true);
    text_->setFixedHeight(text_->fontMetrics().lineSpacing() * 3 + 14);
    text_->installEventFilter(this);
    verb_->setObjectName("detectedVerb");
    badge_->setObjectName("bloomBadge");
    badge_->setAccessibleName(tr("Bloom level"));
    badge_->setAlignment(Qt::AlignCenter);
    badge_->setMinimumWidth(90);
    domain_->setObjectName("objectiveDomain");
    problems_->setObjectName("objectiveProblems");
    problems_->setWordWrap(true);
    problems_->setTextFormat(Qt::RichText);
    suggestionBox_->setObjectName("suggestions");
    suggestions_->setContentsMargins(0, 0, 0, 0);
    pause_->setSingleShot(true);
    pause_->setInterval(SavePauseMs);

    auto* facts = new QHBoxLayout;
    facts->addWidget(new QLabel(tr("Verb:"), this));
    facts->addWidget(verb_);
    facts->addSpacing(12);
    facts->addWidget(new QLabel(tr("Bloom:"), this));
    facts->addWidget(badge_);
    facts->addSpacing(12);
    facts->addWidget(domain_);
    facts->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(heading_);
    layout->addWidget(text_);
    layout->addLayout(facts);
    layout->addWidget(problems_);
    layout->addWidget(suggestionBox_);

    connect(text_, &QPlainTextEdit::textChanged, this, [this] {
        if (loading_)
            return;
        analyze();
        pause_->start();
    });
    connect(pause_, &QTimer::timeout, this, &ObjectiveEditor::commit);
    setObjective(NoId);
}

void ObjectiveEditor::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    id_ = NoId;
    if (session_)
        connect(session_, &Session::changed, this, [this](const Change& change) {
            for (const auto& c : change.items)
                if (c.id() == id_ && !pause_->isActive()) {
                    load(); // undo, redo, or an edit made elsewhere
                    return;
                }
        });
    load();
}

void ObjectiveEditor::setObjective(Id id)
{
    if (id == id_ && id != NoId)
        return;
    if (pause_->isActive())
        commit();
    id_ = id;
    load();
}

void ObjectiveEditor::load()
{
    const auto* o = session_ ? session_->data().get<Objective>(id_) : nullptr;
    if (!o)
        id_ = NoId;
    loading_ = true;
    const auto text = o ? qs(o->text) : QString();
    if (text_->toPlainText() != text)
        text_->setPlainText(text);
    loading_ = false;
    text_->setEnabled(o);
    text_->setReadOnly(session_ && session_->readOnly());
    if (o) {
        const auto* course = session_->data().get<Course>(o->courseId);
        heading_->setText(
            tr("<b>Objective %1</b> of %2").arg(o->order + 1).arg(course ? qs(course->code) : QString()));
    } else {
        heading_->setText(tr("<span style='color:gray'>Choose an objective to edit it here.</span>"));
    }
    analyze();
}

void ObjectiveEditor::analyze()
{
    while (auto* item = suggestions_->takeAt(0)) {
        if (auto* w = item->widget()) {
            // Later: this may run inside the clicked() of the very button being removed.
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    const auto* stored = session_ ? session_->data().get<Objective>(id_) : nullptr;
    if (!stored) {
        verb_->clear();
        badge_->clear();
        badge_->setStyleSheet({});
        domain_->clear();
        problems_->clear();
        return;
    }
    Objective o = *stored;
    o.text = text_->toPlainText().toStdString();
    const auto a = analyzeObjective(o.text);
    verb_->setText(a.verb.empty() ? tr("<i>none found</i>")
                                  : QStringLiteral("<b>%1</b>").arg(qs(a.verb).toHtmlEscaped()));
    const auto level = o.bloomOverride ? o.bloomOverride : a.bloom;
    if (level) {
        badge_->setText(bloomName(*level) + (o.bloomOverride ? tr(" (set)") : QString()));
        badge_->setStyleSheet(QStringLiteral("QLabel { background: %1; color: #202020; border-radius: 9px; "
                                             "padding: 2px 10px; font-weight: bold; }")
                                  .arg(bloomColor(*level).name()));
    } else {
        badge_->setText(tr("no level"));
        badge_->setStyleSheet(
            QStringLiteral("QLabel { background: #E0E0E0; color: #606060; border-radius: 9px; "
                           "padding: 2px 10px; }"));
    }
    const char* domains[] = { QT_TR_NOOP("cognitive"), QT_TR_NOOP("psychomotor"), QT_TR_NOOP("affective") };
    domain_->setText(tr("Domain: %1").arg(tr(domains[static_cast<int>(o.domain.value_or(a.domain))])));

    const auto findings = checkObjectiveWording(o);
    QStringList lines;
    std::vector<std::string> verbs;
    for (const auto& f : findings) {
        lines << QStringLiteral("<span style='color:%1'>■</span> %2")
                     .arg(f.severity() == Severity::Error        ? "#C62828"
                             : f.severity() == Severity::Warning ? "#EF6C00"
                                                                 : "#1565C0",
                         qs(f.message).toHtmlEscaped());
        for (const auto& v : f.suggestions)
            if (std::find(verbs.begin(), verbs.end(), v) == verbs.end())
                verbs.push_back(v);
    }
    problems_->setText(lines.isEmpty() ? tr("<span style='color:#2E7D32'>✔ Measurable, one behaviour.</span>")
                                       : lines.join("<br>"));
    if (verbs.empty())
        return;
    suggestions_->addWidget(new QLabel(tr("Use instead:"), suggestionBox_));
    for (std::size_t i = 0; i < verbs.size() && i < MaxSuggestions; ++i) {
        const auto verb = qs(verbs[i]);
        auto* button = new QPushButton(verb, suggestionBox_);
        button->setObjectName("suggestion_" + verb);
        button->setToolTip(tr("Replace the verb with “%1”").arg(verb));
        button->setEnabled(!session_->readOnly());
        connect(button, &QPushButton::clicked, this, [this, verb] { applySuggestion(verb); });
        suggestions_->addWidget(button);
    }
    suggestions_->addStretch();
}

bool ObjectiveEditor::commit()
{
    pause_->stop();
    if (!session_ || id_ == NoId || session_->readOnly())
        return false;
    const auto* o = session_->data().get<Objective>(id_);
    const auto text = text_->toPlainText().toStdString();
    if (!o || o->text == text)
        return true;
    return session_->apply(UpdateField { id_, "text", text }, QStringLiteral("text:%1").arg(id_));
}

void ObjectiveEditor::applySuggestion(const QString& verb)
{
    const auto text = withVerb(text_->toPlainText().toStdString(), verb.toStdString());
    text_->setPlainText(qs(text));
    commit();
}

bool ObjectiveEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == text_) {
        if (event->type() == QEvent::FocusOut && pause_->isActive())
            commit();
        if (event->type() == QEvent::KeyPress) {
            const auto* key = static_cast<QKeyEvent*>(event);
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
                // An objective is one sentence: Enter saves rather than starting a new line.
                commit();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace coursemap::studio
