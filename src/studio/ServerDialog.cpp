#include "ServerDialog.h"

#include "coursemap/Error.h"
#include "coursemap/storage/PostgresStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include <chrono>
#include <future>

namespace coursemap::studio {

namespace {

constexpr int MaxRecent = 8;
constexpr auto RecentKey = "server/recent";

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

ServerDialog::ServerDialog(QWidget* parent)
    : QDialog(parent)
    , address_(new QComboBox(this))
    , list_(new QPushButton(tr("Show &Programs"), this))
    , programs_(new QListWidget(this))
    , readOnly_(new QCheckBox(tr("Open &read-only"), this))
    , problem_(new QLabel(this))
    , buttons_(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Open from Server"));
    address_->setObjectName("serverAddress");
    address_->setEditable(true);
    address_->addItems(recentAddresses());
    address_->lineEdit()->setPlaceholderText(tr("postgresql://server.example.edu/curriculum"));
    address_->setMinimumContentsLength(40);
    address_->setAccessibleName(tr("Server address"));
    list_->setObjectName("listPrograms");
    programs_->setObjectName("serverPrograms");
    programs_->setAccessibleName(tr("Programs on the server"));
    readOnly_->setObjectName("serverReadOnly");
    problem_->setObjectName("serverProblem");
    problem_->setWordWrap(true);
    problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problem_->hide();

    auto* hint
        = new QLabel(tr("The password is not typed here: it comes from ~/.pgpass, the PGPASSWORD variable "
                        "or a service file, as for psql."),
            this);
    hint->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(address_, 1);
    row->addWidget(list_);
    auto* form = new QFormLayout;
    form->addRow(tr("&Address:"), row);
    qobject_cast<QLabel*>(form->labelForField(row))->setBuddy(address_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(new QLabel(tr("Programs you may open:"), this));
    layout->addWidget(programs_, 1);
    layout->addWidget(readOnly_);
    layout->addWidget(problem_);
    layout->addWidget(buttons_);

    connect(list_, &QPushButton::clicked, this, &ServerDialog::listPrograms);
    connect(address_, &QComboBox::currentTextChanged, this, [this] {
        programs_->clear();
        updateButtons();
    });
    connect(programs_, &QListWidget::currentRowChanged, this, &ServerDialog::updateButtons);
    connect(programs_, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
    resize(620, 420);
}

bool ServerDialog::listPrograms()
{
    programs_->clear();
    problem_->hide();
    const auto address = this->address().toStdString();
    if (!isServerAddress(address)) {
        problem_->setText(
            tr("An address starts with postgresql://, e.g. postgresql://server.example.edu/curriculum "
               "or postgresql:///curriculum for a database on this computer."));
        problem_->show();
        updateButtons();
        return false;
    }
    // Asked on another thread: a server that does not answer keeps the window responsive.
    QApplication::setOverrideCursor(Qt::BusyCursor);
    auto future = std::async(std::launch::async, [address] { return PostgresStore::programs(address); });
    while (future.wait_for(std::chrono::milliseconds(15)) != std::future_status::ready)
        QApplication::processEvents(QEventLoop::ExcludeUserInputEvents, 15);
    QApplication::restoreOverrideCursor();
    try {
        const auto programs = future.get();
        for (const auto& p : programs) {
            const QString role = p.role == "owner" ? tr("server administrator")
                : p.role.empty()                   ? tr("reader")
                                                   : qs(p.role);
            auto* item
                = new QListWidgetItem(tr("%1 — %2 (you: %3)").arg(qs(p.code), qs(p.name), role), programs_);
            item->setData(Qt::UserRole, qs(p.code));
        }
        if (programs.empty()) {
            problem_->setText(
                tr("This database holds no program you may open. Its administrator gives access "
                   "with `coursemap server grant`."));
            problem_->show();
        } else
            programs_->setCurrentRow(0);
    } catch (const Error& e) {
        problem_->setText(qs(e.message()));
        problem_->show();
    } catch (const std::exception& e) {
        problem_->setText(tr("The server could not be asked (%1).").arg(e.what()));
        problem_->show();
    }
    updateButtons();
    return programs_->count() > 0;
}

QString ServerDialog::address() const
{
    return address_->currentText().trimmed();
}

QString ServerDialog::program() const
{
    const auto* item = programs_->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

bool ServerDialog::readOnly() const
{
    return readOnly_->isChecked();
}

QStringList ServerDialog::recentAddresses()
{
    return QSettings().value(RecentKey).toStringList();
}

void ServerDialog::rememberAddress(const QString& address)
{
    // Never a password: an address holding one is refused before it is opened, and only opened ones are kept.
    const auto shown = qs(displayAddress(address.toStdString()));
    auto recent = recentAddresses();
    recent.removeAll(shown);
    recent.prepend(shown);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    QSettings().setValue(RecentKey, recent);
}

void ServerDialog::updateButtons()
{
    list_->setEnabled(!address().isEmpty());
    buttons_->button(QDialogButtonBox::Open)->setEnabled(!program().isEmpty());
}

} // namespace coursemap::studio
