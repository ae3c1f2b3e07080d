// Charts where people would rather look than read: the Bloom levels of the objectives, the mix of
// Laurillard's six learning types in the teaching time, and how the grade is split between summative
// assessments. For one course, or the whole program.
#pragma once

#include "coursemap/model/Id.h"

#include <QWidget>

#include <array>
#include <vector>

class QChartView;
class QTimer;

namespace coursemap::studio {

class Session;

class ChartsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPage(QWidget* parent = nullptr);
    void setSession(Session* session);
    void setCourse(Id courseId);

    // What the charts show, for tests: objectives per Bloom level (index 6: no level), minutes per learning
    // type (index 6: not set), and summative weight per assessment title.
    struct Figures
    {
        std::array<int, 7> bloom {};
        std::array<int, 7> minutes {};
        std::vector<std::pair<QString, double>> weights;
    };
    Figures figures() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();

    Session* session_ = nullptr;
    Id course_ = NoId;
    QChartView* bloom_;
    QChartView* types_;
    QChartView* weights_;
    QTimer* pending_;
    bool stale_ = true;
};

} // namespace coursemap::studio
