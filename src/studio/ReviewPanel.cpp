#include "ReviewPanel.h"

#include "Palette.h"
#include "Session.h"
#include "StatusDialog.h"

#include "coursemap/model/Labels.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {

constexpr int CommentRole = Qt::UserRole + 1;

QString when(const std::string& iso)
{
    const auto t = QDateTime::fromString(qs(iso), Qt::ISODate);
    return t.isValid() ? t.toLocalTime().toString("d MMM yyyy") : qs(iso);
}

// "<b>Approved</b> · 15 Sep 2026, Dr. Helen Cho": where an item stands, and who put it there.
QString standing(const DocumentData& data, Id id)
{
    const auto s = reviewStatus(data, id);
    if (!s)
        return {};
    QString out = QString("<span style='background:%1'>&nbsp;<b>%2</b>&nbsp;</span>")
                      .arg(statusColor(*s).name(), statusName(*s).toHtmlEscaped());
    const auto history = data.statusHistory(id);
    if (!history.empty()) {
        const auto* last = history.back();
        out += QObject::tr(" · %1, %2").arg(when(last->createdAt), qs(last->author).toHtmlEscaped());
        if (!last->justification.empty())
            out += QObject::tr("<br><i>Justification:</i> %1").arg(qs(last->justification).toHtmlEscaped());
    }
    return out;
}

} // namespace

ReviewPanel::ReviewPanel(QWidget* parent)
    : QWidget(parent)
    , status_(new QLabel(this))
    , courseStatus_(new QPushButton(tr("Set Course &Status…"), this))
    , itemStatusLabel_(new QLabel(this))
    , itemStatus_(new QPushButton(tr("Set &Item Status…"), this))
    , scope_(new QComboBox(this))
    , showResolved_(new QCheckBox(tr("Show resolved"), this))
    , threads_(new QTreeWidget(this))
    , detail_(new QTextBrowser(this))
    , target_(new QLabel(this))
    , text_(new QPlainTextEdit(this))
    , comment_(new QPushButton(tr("Co&mment"), this))
    , reply_(new QPushButton(tr("&Reply"), this))
    , resolve_(new QPushButton(tr("Resol&ve"), this))
    , goTo_(new QPushButton(tr("Go to Item"), this))
{
    setObjectName("reviewPanel");
    runStatusDialog = [](StatusDialog& d) { d.exec(); };
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    status_->setObjectName("reviewStatus");
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::RichText);
    courseStatus_->setObjectName("courseStatusButton");
    itemStatusLabel_->setWordWrap(true);
    itemStatusLabel_->setTextFormat(Qt::RichText);
    itemStatus_->setObjectName("itemStatusButton");
    layout->addWidget(status_);
    layout->addWidget(courseStatus_, 0, Qt::AlignLeft);
    layout->addWidget(itemStatusLabel_);
    layout->addWidget(itemStatus_, 0, Qt::AlignLeft);

    auto* filterRow = new QHBoxLayout;
    scope_->setObjectName("commentScope");
    scope_->setAccessibleName(tr("Which comments"));
    scope_->addItems({ tr("This course"), tr("Chosen item") });
    showResolved_->setObjectName("showResolved");
    filterRow->addWidget(scope_, 1);
    filterRow->addWidget(showResolved_);
    layout->addLayout(filterRow);

    threads_->setObjectName("commentThreads");
    threads_->setAccessibleName(tr("Comment threads"));
    threads_->setHeaderLabels({ tr("Comment"), tr("By") });
    threads_->setRootIsDecorated(true);
    threads_->setUniformRowHeights(true);
    threads_->header()->setStretchLastSection(false);
    threads_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    threads_->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    threads_->header()->resizeSection(1, 110);
    layout->addWidget(threads_, 2);
    detail_->setObjectName("commentDetail");
    detail_->setAccessibleName(tr("The chosen thread"));
    detail_->setOpenLinks(false);
    layout->addWidget(detail_, 1);

    target_->setObjectName("commentTarget");
    target_->setWordWrap(true);
    target_->setStyleSheet("color: #455A64;");
    layout->addWidget(target_);
    text_->setObjectName("commentText");
    text_->setAccessibleName(tr("New comment or reply"));
    text_->setPlaceholderText(tr("Write a comment, or a reply to the chosen thread"));
    text_->setTabChangesFocus(true);
    text_->setFixedHeight(text_->fontMetrics().lineSpacing() * 3 + 12);
    layout->addWidget(text_);
    auto* buttons = new QHBoxLayout;
    comment_->setObjectName("commentButton");
    reply_->setObjectName("replyButton");
    resolve_->setObjectName("resolveButton");
    goTo_->setObjectName("goToCommentButton");
    for (auto* b : { comment_, reply_, resolve_, goTo_ })
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addLayout(buttons);

    scope_->setCurrentIndex(QSettings().value("ui/commentScope", 0).toInt() == 1 ? 1 : 0);
    connect(scope_, &QComboBox::currentIndexChanged, this, [this](int i) {
        QSettings().setValue("ui/commentScope", i);
        reload();
    });
    connect(showResolved_, &QCheckBox::toggled, this, [this] { reload(); });
    connect(threads_, &QTreeWidget::currentItemChanged, this, [this] {
        showDetail();
        updateButtons();
    });
    connect(threads_, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (const Id c = selectedComment(); c != NoId && session_)
            emit navigate(session_->data().get<Comment>(c)->itemId);
    });
    connect(goTo_, &QPushButton::clicked, this, [this] {
        if (const Id c = selectedComment(); c != NoId && session_)
            emit navigate(session_->data().get<Comment>(c)->itemId);
    });
    connect(text_, &QPlainTextEdit::textChanged, this, [this] { updateButtons(); });
    connect(comment_, &QPushButton::clicked, this, &ReviewPanel::addComment);
    connect(reply_, &QPushButton::clicked, this, &ReviewPanel::reply);
    connect(resolve_, &QPushButton::clicked, this, &ReviewPanel::toggleResolved);
    connect(courseStatus_, &QPushButton::clicked, this, [this] { setStatusOf(course_); });
    connect(itemStatus_, &QPushButton::clicked, this,
        [this] { setStatusOf(subject_.targetId == NoId ? subject_.itemId : NoId); });
    reload();
}

void ReviewPanel::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    course_ = NoId;
    subject_ = {};
    text_->clear();
    if (session_)
        connect(session_, &Session::changed, this, [this] { reload(); });
    reload();
}

void ReviewPanel::setCourse(Id courseId)
{
    course_ = courseId;
    subject_ = {};
    reload();
}

void ReviewPanel::setSubject(CommentSubject subject)
{
    subject_ = subject;
    reload();
}

Id ReviewPanel::selectedComment() const
{
    const auto* item = threads_->currentItem();
    if (!item)
        return NoId;
    while (item->parent())
        item = item->parent();
    return item->data(0, CommentRole).toLongLong();
}

CommentSubject ReviewPanel::commentTarget() const
{
    if (!session_)
        return {};
    const auto& data = session_->data();
    if (subject_.itemId != NoId && data.contains(subject_.itemId))
        return subject_;
    if (course_ != NoId && data.contains(course_))
        return { course_, NoId };
    return { data.program().id, NoId };
}

void ReviewPanel::reload()
{
    const Id keep = selectedComment();
    threads_->clear();
    detail_->clear();
    if (!session_) {
        status_->clear();
        itemStatusLabel_->hide();
        itemStatus_->hide();
        target_->clear();
        updateButtons();
        return;
    }
    const auto& data = session_->data();
    if (course_ != NoId && !data.get<Course>(course_))
        course_ = NoId;
    if (subject_.itemId != NoId && !data.contains(subject_.itemId))
        subject_ = {};
    if (const auto* c = data.get<Course>(course_))
        status_->setText(tr("<b>%1</b> %2").arg(qs(c->code).toHtmlEscaped(), standing(data, course_)));
    else
        status_->setText(tr("Choose a course to see and set its review status."));
    courseStatus_->setVisible(course_ != NoId);

    const bool itemHasStatus = subject_.targetId == NoId && subject_.itemId != NoId
        && subject_.itemId != course_ && reviewStatus(data, subject_.itemId);
    itemStatusLabel_->setVisible(itemHasStatus);
    itemStatus_->setVisible(itemHasStatus);
    if (itemHasStatus)
        itemStatusLabel_->setText(
            tr("Chosen: %1<br>%2")
                .arg(qs(itemLabel(data, subject_.itemId)).toHtmlEscaped(), standing(data, subject_.itemId)));

    const auto target = commentTarget();
    target_->setText(tr("New comments go on %1.")
                         .arg(qs(target.targetId == NoId ? itemLabel(data, target.itemId)
                                                         : "link " + itemLabel(data, target.itemId)
                                     + " \u2192 " + itemLabel(data, target.targetId))));

    const bool chosenOnly = scope_->currentIndex() == 1;
    std::vector<CommentThread> threads;
    if (chosenOnly) {
        threads = threadsOn(data, target);
        if (!showResolved_->isChecked())
            std::erase_if(threads, [](const CommentThread& t) { return t.resolved(); });
    } else {
        threads = threadsIn(data, course_, showResolved_->isChecked());
    }
    QTreeWidgetItem* current = nullptr;
    auto row = [&](const Comment& c, QTreeWidgetItem* parent) {
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(threads_);
        QString text = qs(c.text).simplified();
        item->setText(0, text);
        item->setText(1, qs(c.author));
        item->setToolTip(0, qs(c.text));
        item->setToolTip(1, tr("%1, %2").arg(qs(c.author), when(c.createdAt)));
        item->setData(0, CommentRole, QVariant::fromValue<qlonglong>(c.id));
        return item;
    };
    for (const auto& t : threads) {
        auto* top = row(*t.first, nullptr);
        if (t.resolved()) {
            auto font = top->font(0);
            font.setItalic(true);
            for (int col = 0; col < 2; ++col) {
                top->setFont(col, font);
                top->setForeground(col, QColor(0x78, 0x90, 0x9C));
            }
            top->setText(0, tr("[resolved] %1").arg(top->text(0)));
        }
        for (const auto* r : t.replies)
            row(*r, top);
        top->setExpanded(true);
        if (t.first->id == keep)
            current = top;
    }
    if (current)
        threads_->setCurrentItem(current);
    showDetail();
    updateButtons();
}

void ReviewPanel::showDetail()
{
    const Id id = selectedComment();
    if (!session_ || id == NoId) {
        detail_->setHtml(threads_->topLevelItemCount() == 0
                ? tr("<p style='color:gray'>No comments here. Write one below.</p>")
                : tr("<p style='color:gray'>Choose a thread to read it whole.</p>"));
        return;
    }
    const auto& data = session_->data();
    const Comment* first = data.get<Comment>(id);
    QString html
        = tr("<p style='color:#455A64'>On %1</p>").arg(qs(subjectLabel(data, *first)).toHtmlEscaped());
    for (const auto& t : threadsOn(data, { first->itemId, first->targetId })) {
        if (t.first->id != id)
            continue;
        auto one = [&](const Comment& c, bool indent) {
            html += QString("<p style='margin-left:%1px'><b>%2</b> · %3<br>%4</p>")
                        .arg(indent ? 16 : 0)
                        .arg(qs(c.author).toHtmlEscaped(), when(c.createdAt),
                            qs(c.text).toHtmlEscaped().replace('\n', "<br>"));
        };
        one(*t.first, false);
        for (const auto* r : t.replies)
            one(*r, true);
        if (t.resolved())
            html += tr("<p style='color:gray'><i>Resolved.</i></p>");
    }
    detail_->setHtml(html);
}

void ReviewPanel::updateButtons()
{
    const bool writable = session_ && !session_->readOnly();
    const bool hasText = !text_->toPlainText().trimmed().isEmpty();
    const Id chosen = selectedComment();
    comment_->setEnabled(writable && hasText);
    reply_->setEnabled(writable && hasText && chosen != NoId);
    resolve_->setEnabled(writable && chosen != NoId);
    goTo_->setEnabled(chosen != NoId);
    text_->setEnabled(writable);
    courseStatus_->setEnabled(writable);
    itemStatus_->setEnabled(writable);
    const auto* c = session_ && chosen != NoId ? session_->data().get<Comment>(chosen) : nullptr;
    resolve_->setText(c && c->resolved ? tr("Reo&pen") : tr("Resol&ve"));
}

void ReviewPanel::addComment()
{
    if (!session_)
        return;
    const QString who = author ? author() : QString();
    if (who.isEmpty())
        return;
    try {
        const auto edit = coursemap::addComment(session_->data(), commentTarget(),
            text_->toPlainText().trimmed().toStdString(), who.toStdString());
        if (session_->apply(edit))
            text_->clear();
    } catch (const Error& e) {
        emit session_->failed(qs(e.message()));
    }
}

void ReviewPanel::reply()
{
    const Id chosen = selectedComment();
    if (!session_ || chosen == NoId)
        return;
    const QString who = author ? author() : QString();
    if (who.isEmpty())
        return;
    try {
        const auto edit = replyToComment(
            session_->data(), chosen, text_->toPlainText().trimmed().toStdString(), who.toStdString());
        if (session_->apply(edit))
            text_->clear();
    } catch (const Error& e) {
        emit session_->failed(qs(e.message()));
    }
}

void ReviewPanel::toggleResolved()
{
    const Id chosen = selectedComment();
    if (!session_ || chosen == NoId)
        return;
    try {
        session_->apply(
            resolveComment(session_->data(), chosen, !session_->data().get<Comment>(chosen)->resolved));
    } catch (const Error& e) {
        emit session_->failed(qs(e.message()));
    }
}

void ReviewPanel::setStatusOf(Id itemId)
{
    if (!session_ || itemId == NoId)
        return;
    StatusDialog dialog(session_, itemId, this);
    runStatusDialog(dialog);
    if (dialog.result() != QDialog::Accepted)
        return;
    const QString who = author ? author() : QString();
    if (who.isEmpty())
        return;
    try {
        const auto status = dialog.chosen();
        const auto why = dialog.justification()->toPlainText().trimmed().toStdString();
        session_->apply([itemId, status, why, who = who.toStdString()](const DocumentData& data, Id& next) {
            // The findings of the map as it is written (another program may have changed it since
            // the session's checker last followed it).
            return planStatus(data, itemId, status, why, who, next);
        });
    } catch (const Error& e) {
        emit session_->failed(qs(e.message()));
    }
}

} // namespace coursemap::studio
