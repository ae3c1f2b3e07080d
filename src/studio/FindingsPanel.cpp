#include "FindingsPanel.h"

#include "FindingsModel.h"
#include "Session.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

namespace coursemap::studio {

FindingsPanel::FindingsPanel(QWidget* parent)
    : QWidget(parent)
    , model_(new FindingsModel(this))
    , scope_(new QComboBox(this))
    , summary_(new QLabel(this))
    , view_(new QTreeView(this))
    , detail_(new QTextBrowser(this))
    , goTo_(new QPushButton(tr("&Go to item"), this))
    , accept_(new QPushButton(tr("&Accept…"), this))
    , withdraw_(new QPushButton(tr("&Withdraw"), this))
{
    scope_->setObjectName("findingsScope");
    scope_->addItems({ tr("This course"), tr("Whole program") });
    scope_->setAccessibleName(tr("Findings to show"));
    summary_->setObjectName("findingsSummary");
    view_->setObjectName("findingsView");
    view_->setAccessibleName(tr("Findings"));
    view_->setModel(model_);
    view_->setHeaderHidden(true);
    view_->setUniformRowHeights(true);
    view_->setWordWrap(false);
    view_->setTextElideMode(Qt::ElideRight);
    view_->setExpandsOnDoubleClick(true);
    detail_->setObjectName("findingDetail");
    detail_->setAccessibleName(tr("About the finding"));
    // A fixed height: the list above must not move while the user clicks through it.
    detail_->setFixedHeight(detail_->fontMetrics().lineSpacing() * 8);
    detail_->setFrameShape(QFrame::NoFrame);
    detail_->viewport()->setAutoFillBackground(false);
    detail_->setOpenLinks(false);
    goTo_->setObjectName("goToFinding");
    accept_->setObjectName("acceptFinding");
    accept_->setToolTip(
        tr("Accept this finding as right for the course, with a justification kept in the file"));
    withdraw_->setObjectName("withdrawFinding");
    withdraw_->setToolTip(tr("Withdraw the acceptance, so the finding counts again"));

    auto* top = new QHBoxLayout;
    top->addWidget(scope_);
    top->addWidget(summary_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(goTo_);
    buttons->addWidget(accept_);
    buttons->addWidget(withdraw_);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(view_, 1);
    layout->addWidget(detail_);
    layout->addLayout(buttons);

    scope_->setCurrentIndex(QSettings().value("ui/findingsScope", 0).toInt() == 1 ? 1 : 0);
    connect(scope_, &QComboBox::currentIndexChanged, this, [this](int i) {
        QSettings().setValue("ui/findingsScope", i);
        model_->setScope(i == 0 ? course_ : NoId);
    });
    connect(model_, &QAbstractItemModel::modelAboutToBeReset, this, &FindingsPanel::rememberExpanded);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        restoreExpanded();
        updateSummary();
        showDetail();
    });
    connect(view_, &QTreeView::doubleClicked, this, [this](const QModelIndex& i) {
        if (model_->findingAt(i))
            emit navigate(i.data(FindingsModel::SubjectRole).toLongLong());
    });
    connect(goTo_, &QPushButton::clicked, this, [this] {
        if (model_->findingAt(view_->currentIndex()))
            emit navigate(view_->currentIndex().data(FindingsModel::SubjectRole).toLongLong());
    });
    connect(view_, &QTreeView::expanded, this, [this] { expandedByUser_ |= !restoring_; });
    connect(view_, &QTreeView::collapsed, this, [this] { expandedByUser_ |= !restoring_; });
    connect(accept_, &QPushButton::clicked, this, &FindingsPanel::acceptWithDialog);
    connect(withdraw_, &QPushButton::clicked, this, &FindingsPanel::withdrawSelected);
    showDetail();
}

void FindingsPanel::setSession(Session* session)
{
    session_ = session;
    course_ = NoId;
    model_->setSession(session);
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, &FindingsPanel::showDetail,
        Qt::UniqueConnection);
    updateSummary();
}

void FindingsPanel::setCourse(Id courseId)
{
    course_ = courseId;
    model_->setScope(scope_->currentIndex() == 0 ? courseId : NoId);
}

void FindingsPanel::updateSummary()
{
    if (!session_) {
        summary_->clear();
        return;
    }
    const auto s = session_->checker().summary();
    summary_->setText(
        tr("Program: %1 errors, %2 warnings, %3 suggestions").arg(s.errors).arg(s.warnings).arg(s.infos));
    // Until the user chooses, the groups are open to the rule level.
    if (!expandedByUser_)
        view_->expandToDepth(0);
}

void FindingsPanel::showDetail()
{
    const auto* f = model_->findingAt(view_->currentIndex());
    detail_->setHtml(f ? view_->currentIndex().data(FindingsModel::DetailRole).toString()
                       : tr("<p style='color:gray'>Choose a finding to see why it matters and how to fix it. "
                            "Double-click goes to the item.</p>"));
    const bool writable = session_ && !session_->readOnly();
    goTo_->setEnabled(f);
    accept_->setEnabled(f && writable && !f->acknowledgement);
    withdraw_->setEnabled(f && writable && f->acknowledgement);
}

bool FindingsPanel::acceptSelected(const QString& justification)
{
    const auto* f = model_->findingAt(view_->currentIndex());
    if (!f || !session_)
        return false;
    try {
        return session_->apply(acceptFinding(
            session_->data(), session_->checker(), f->rule->id, f->subject, justification.toStdString()));
    } catch (const Error& e) {
        emit session_->failed(QString::fromStdString(e.message()));
        return false;
    }
}

void FindingsPanel::acceptWithDialog()
{
    const auto* f = model_->findingAt(view_->currentIndex());
    if (!f)
        return;
    bool ok = false;
    const auto text = QInputDialog::getMultiLineText(this, tr("Accept finding"),
        tr("%1\n\nWhy is this right for your course? The justification is kept in the file and shown to "
           "reviewers.")
            .arg(QString::fromStdString(f->message)),
        {}, &ok);
    if (ok)
        acceptSelected(text);
}

void FindingsPanel::withdrawSelected()
{
    const auto* f = model_->findingAt(view_->currentIndex());
    if (!f || !session_)
        return;
    try {
        session_->apply(withdrawAcceptance(session_->data(), f->rule->id, f->subject));
    } catch (const Error& e) {
        emit session_->failed(QString::fromStdString(e.message()));
    }
}

void FindingsPanel::rememberExpanded()
{
    expanded_.clear();
    if (!expandedByUser_)
        return;
    for (int g = 0; g < model_->rowCount(); ++g) {
        const auto group = model_->index(g, 0);
        if (view_->isExpanded(group))
            expanded_ << group.data(FindingsModel::GroupKeyRole).toString();
        for (int r = 0; r < model_->rowCount(group); ++r)
            if (view_->isExpanded(model_->index(r, 0, group)))
                expanded_ << model_->index(r, 0, group).data(FindingsModel::GroupKeyRole).toString();
    }
}

void FindingsPanel::restoreExpanded()
{
    const QScopedValueRollback<bool> restoring(restoring_, true);
    if (!expandedByUser_) {
        view_->expandToDepth(0);
        return;
    }
    for (int g = 0; g < model_->rowCount(); ++g) {
        const auto group = model_->index(g, 0);
        if (expanded_.contains(group.data(FindingsModel::GroupKeyRole).toString()))
            view_->expand(group);
        for (int r = 0; r < model_->rowCount(group); ++r) {
            const auto rule = model_->index(r, 0, group);
            if (expanded_.contains(rule.data(FindingsModel::GroupKeyRole).toString()))
                view_->expand(rule);
        }
    }
}

} // namespace coursemap::studio
