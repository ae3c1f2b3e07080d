// The program director's view: the competency × course heat map (click a cell for the objectives behind it,
// double-click one to go to it), exported as CSV or PDF, and the program statistics.
#pragma once

#include "coursemap/model/Id.h"

#include <QWidget>

class QShowEvent;

#include <functional>

class QLabel;
class QListWidget;
class QTabWidget;
class QTextBrowser;

namespace coursemap::studio {

class HeatMapModel;
class MatrixView;
class Session;

class ProgramPage : public QWidget
{
    Q_OBJECT

public:
    explicit ProgramPage(QWidget* parent = nullptr);
    void setSession(Session* session);

    MatrixView* heatMapView() const { return view_; }
    HeatMapModel* heatMap() const { return model_; }
    QListWidget* cellObjectives() const { return objectives_; }
    QTextBrowser* statistics() const { return statistics_; }

    // Write the heat map; false after showing why not.
    bool exportCsv(const QString& path);
    bool exportPdf(const QString& path);

    std::function<void(const QString& title, const QString& text)> showError;

signals:
    void navigate(Id itemId);

protected:
    void showEvent(QShowEvent* event) override;

private:
    // Recomputes the heat map and statistics now if the page is shown, else when it is next shown.
    void refresh();

    void showCell(const QModelIndex& index);
    void refreshStatistics();

    Session* session_ = nullptr;
    bool stale_ = false;
    HeatMapModel* model_;
    MatrixView* view_;
    QLabel* cellTitle_;
    QListWidget* objectives_;
    QTextBrowser* statistics_;
    QTabWidget* tabs_;
};

} // namespace coursemap::studio
