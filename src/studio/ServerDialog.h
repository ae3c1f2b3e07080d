// File > Open from Server…: the address of a PostgreSQL database (recent ones remembered), the programs the
// user may see there with their role in each, and the one to open. The password is never typed here: libpq
// reads it from ~/.pgpass, PGPASSWORD or a service file, and an address holding one is refused.
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace coursemap::studio {

class ServerDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ServerDialog(QWidget* parent = nullptr);

    // Asks the server at the address for the programs the user may see; false (with the reason shown in the
    // dialog) when it cannot.
    bool listPrograms();

    QString address() const;
    // The chosen program's code; empty when none is chosen.
    QString program() const;
    bool readOnly() const;

    QComboBox* addressBox() const { return address_; }
    QListWidget* programList() const { return programs_; }
    QPushButton* listButton() const { return list_; }
    QLabel* problem() const { return problem_; }

    // The addresses opened before, newest first (QSettings "server/recent"), and adding one to them.
    static QStringList recentAddresses();
    static void rememberAddress(const QString& address);

private:
    void updateButtons();

    QComboBox* address_;
    QPushButton* list_;
    QListWidget* programs_;
    QCheckBox* readOnly_;
    QLabel* problem_;
    QDialogButtonBox* buttons_;
};

} // namespace coursemap::studio
