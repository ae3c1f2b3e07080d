#include "StatusDialog.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/model/Labels.h"
#include "coursemap/review/Review.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace coursemap::studio {

StatusDialog::StatusDialog(Session* session, Id itemId, QWidget* parent)
    : QDialog(parent)
    , session_(session)
    , item_(itemId)
    , choices_(new QButtonGroup(this))
    , justification_(new QPlainTextEdit(this))
    , warning_(new QLabel(this))
    , buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName("statusDialog");
    setWindowTitle(tr("Set Review Status"));
    const auto& data = session->data();
    const ReviewStatus now = reviewStatus(data, itemId).value_or(ReviewStatus::Draft);
    errors_ = static_cast<int>(openErrors(session->checker(), itemId).size());

    auto* layout = new QVBoxLayout(this);
    QString label = qs(itemLabel(data, itemId));
    label[0] = label[0].toUpper();
    auto* about = new QLabel(
        tr("<b>%1</b><br>is <b>%2</b>.").arg(label.toHtmlEscaped(), statusName(now).toLower()), this);
    about->setWordWrap(true);
    layout->addWidget(about);
    layout->addWidget(new QLabel(tr("Set it to:"), this));
    // The moves forward first; back to draft last.
    for (const auto s : { ReviewStatus::InReview, ReviewStatus::ChangesRequested, ReviewStatus::Approved,
             ReviewStatus::Draft }) {
        if (!statusMayFollow(now, s))
            continue;
        auto* radio = new QRadioButton(s == ReviewStatus::Draft ? tr("Back to draft") : statusName(s), this);
        radio->setObjectName(QString("status_") + qs(toString(s)));
        choices_->addButton(radio, static_cast<int>(s));
        layout->addWidget(radio);
    }

    layout->addWidget(new QLabel(tr("Why (kept with the status; required to approve over errors):"), this));
    justification_->setObjectName("justification");
    justification_->setAccessibleName(tr("Justification"));
    justification_->setTabChangesFocus(true);
    justification_->setFixedHeight(justification_->fontMetrics().lineSpacing() * 4 + 12);
    layout->addWidget(justification_);
    warning_->setObjectName("statusWarning");
    warning_->setWordWrap(true);
    warning_->setStyleSheet("color: #B71C1C;");
    layout->addWidget(warning_);
    layout->addWidget(buttons_);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Set Status"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(choices_, &QButtonGroup::idToggled, this, [this] { update(); });
    connect(justification_, &QPlainTextEdit::textChanged, this, [this] { update(); });
    update();
}

bool StatusDialog::choose(ReviewStatus status)
{
    auto* b = choices_->button(static_cast<int>(status));
    if (!b)
        return false;
    b->setChecked(true);
    return true;
}

ReviewStatus StatusDialog::chosen() const
{
    return static_cast<ReviewStatus>(std::max(0, choices_->checkedId()));
}

void StatusDialog::update()
{
    const bool approving = choices_->checkedId() == static_cast<int>(ReviewStatus::Approved);
    const bool needsWhy = approving && errors_ > 0 && justification_->toPlainText().trimmed().isEmpty();
    warning_->setVisible(approving && errors_ > 0);
    warning_->setText(
        (errors_ == 1 ? tr("1 error is still open here.") : tr("%1 errors are still open here.").arg(errors_))
        + " " + tr("Say why it can be approved anyway; the justification is kept with the approval."));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(choices_->checkedId() >= 0 && !needsWhy);
}

} // namespace coursemap::studio
