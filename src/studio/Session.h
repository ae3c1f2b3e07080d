// One open course map in the studio: the core Document, its Checker kept up to date, the undo stack and the
// mark that says who has the file open. Widgets change the map only through apply(); they learn of every
// change, their own included, through changed(). The session follows the map: a change another program
// (coursemap apply, a colleague's studio) makes is read within half a second and announced the same way. A
// program on a server is followed through its notifications (the moment another client commits) as well; when
// the connection drops, the session keeps the edits it could not write and writes them once the server
// answers again, never saying a change is saved before the server has committed it.
#pragma once

#include "coursemap/Document.h"
#include "coursemap/Error.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/storage/FileLock.h"

#include <QObject>
#include <QSocketNotifier>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUndoStack>

#include <memory>
#include <variant>
#include <vector>

namespace coursemap::studio {

class Session : public QObject
{
    Q_OBJECT

public:
    // A session over an open map. `lock` is this program's mark on the file, or null when the map is open
    // read-only. (The window opens maps on another thread, showing progress.)
    static std::unique_ptr<Session> adopt(std::unique_ptr<Document> document, std::unique_ptr<FileLock> lock);
    // Creates a new map holding a program with this name; throws coursemap::Error.
    static std::unique_ptr<Session> create(const QString& path, const QString& programName);
    ~Session() override;

    const DocumentData& data() const { return document_->data(); }
    const Checker& checker() const { return checker_; }
    QUndoStack* undoStack() { return &undoStack_; }
    QString path() const;
    bool readOnly() const { return document_->readOnly(); }
    // Whether the map is a program on a server (PostgreSQL) rather than a file.
    bool onServer() const { return onServer_; }
    // For a program on a server: the database user this session is connected as and their role in the
    // program ("alice, course-director of CARD 210"); empty for a file.
    QString connectedAs() const { return connectedAs_; }
    // For a program on a server: the other users who have it open now (empty for a file, or when the server
    // cannot be asked).
    QStringList othersHere();
    // False while the server cannot be reached (a file is always "connected").
    bool connected() const { return connected_; }

    // Applies a user's edit as one undoable step. `mergeKey`: consecutive steps with the same non-empty key
    // (typing into one field) undo together. Returns false and emits failed() when the edit is refused. An
    // edit that is valid but cannot be written (the disk is full, the file became read-only) is kept, to be
    // written by saveAs() into the new file.
    bool apply(const Edit& edit, const QString& mergeKey = {});
    // Applies a change a core planner makes (an import, adopting a framework, a status, restoring a version),
    // planned when it is written, as one undoable step; false and failed() when it is refused (kept, as
    // above, when it could not be written).
    bool apply(const Planner& plan);
    // Keeps the map as it is as a version and restores version `name`, in one transaction and one undoable
    // step. False and failed() when refused; true with nothing changed when the map already holds it.
    bool restoreVersion(const std::string& name, const std::string& author);
    // What the last of this session's own edits changed (the ids it gave to what it added).
    const Change& lastChange() const { return lastChange_; }
    // The changes kept because they could not be written, oldest first.
    int unsavedCount() const { return static_cast<int>(unsaved_.size()); }
    // Named versions kept in the map's file (see Document); these throw coursemap::Error.
    std::vector<VersionInfo> versions() const { return document_->versions(); }
    VersionInfo saveVersion(const std::string& name, const std::string& author)
    {
        requireKeptWritten();
        return document_->saveVersion(name, author);
    }
    DocumentData version(const std::string& name) const { return document_->version(name); }
    // The id the next added item gets, for planners.
    Id nextId() const { return document_->nextId(); }
    // Writes a copy to `path` and continues there, holding `lock` on it, then writes the kept changes there
    // (each an undoable step; one that no longer fits the map is dropped and reported through failed()).
    // Throws coursemap::Error when the copy cannot be written; the kept changes are then still kept.
    void saveAs(const QString& path, std::unique_ptr<FileLock> lock);
    // For EditCommand: applies a change planned earlier (undo, redo). Throws coursemap::Error.
    void applyChange(const Change& change);
    // Reads what other programs wrote to the map now (the session also does so on its own, twice a second,
    // and at once when a server announces a commit).
    void follow();

signals:
    // After the data and the findings are up to date.
    void changed(const coursemap::Change& change);
    // An edit was refused or could not be written; the map is as it was.
    void failed(const QString& message);
    // An edit reached the disk.
    void saved();
    // Another program changed the map (after changed() for it): who, and what, in a sentence.
    void changedElsewhere(const QString& summary);
    // The server could no longer be reached (false), or can again (true): kept edits are then written.
    void connectionChanged(bool connected);

private:
    Session(std::unique_ptr<Document> document, std::unique_ptr<FileLock> lock);
    // Reports a refused change; keeps it when it failed only for want of a place to write it.
    // An edit as the user asked for it, or a change a core planner made (an import).
    using Kept = std::variant<Edit, Planner>;
    void refused(const Error& error, Kept kept);
    // Listens on the server's notification socket (again, after a reconnection gave it a new one).
    void watchNotifications();
    void setConnected(bool connected);
    // Keeps `kept` behind the edits still waiting for the server, if there are any it cannot write yet.
    bool keptBehindOthers(Kept kept);
    // Writes the edits kept while the server could not be reached, oldest first.
    void writeKept();
    // Before an undo, a redo or a restored version on a server: the kept edits are written first, in order;
    // throws Error(Io) when they still cannot be.
    void requireKeptWritten();

    std::unique_ptr<Document> document_;
    std::unique_ptr<FileLock> lock_;
    Checker checker_;
    QUndoStack undoStack_;
    struct Unsaved
    {
        Kept change;
        // When the connection broke while the server was committing it and the server could not be asked:
        // the token it went with, so that writing it again cannot make it twice (PostgresStore::retryWith).
        std::string doubtfulToken;
    };
    std::vector<Unsaved> unsaved_;
    // After a failed write on a server: the doubtful token, if the change may have been committed after all.
    std::string doubtfulToken();
    int subscription_ = 0;
    QTimer follow_;
    Change lastChange_;
    bool onServer_ = false;
    bool connected_ = true;
    QString connectedAs_;
    QSocketNotifier* notifier_ = nullptr; // a child of the session
};

} // namespace coursemap::studio
