// A program that takes a map's mark (FileLock), for the tests of locking between processes.
//
// coursemap_lock_helper MAP once GO STOP: waits until the file GO exists, tries once, prints "locked" or
// "held PID", and keeps the mark, if it got it, until the file STOP exists.
//
// coursemap_lock_helper MAP loop N INSIDE: N times takes the mark (retrying), creates INSIDE exclusively (a
// second holder at the same time would find it there), holds it a moment, removes it and releases the mark;
// prints "violation" for every time INSIDE was already there, then "done".
#include "coursemap/storage/FileLock.h"

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

using namespace coursemap;
using namespace std::chrono_literals;

int main(int argc, char** argv)
{
    if (argc != 5)
        return 2;
    const std::filesystem::path map = argv[1];
    const std::string mode = argv[2];
    if (mode == "once") {
        while (!std::filesystem::exists(argv[3]))
            std::this_thread::sleep_for(1ms);
        FileLock lock(map);
        const auto owner = lock.tryLock();
        if (owner)
            std::cout << "held " << owner->pid << std::endl;
        else
            std::cout << (lock.locked() ? "locked" : "no mark") << std::endl;
        while (!std::filesystem::exists(argv[4]))
            std::this_thread::sleep_for(1ms);
        return 0;
    }
    if (mode == "loop") {
        const int rounds = std::stoi(argv[3]);
        const std::filesystem::path inside = argv[4];
        int violations = 0;
        for (int i = 0; i < rounds; ++i) {
            FileLock lock(map);
            while (lock.tryLock() || !lock.locked())
                std::this_thread::sleep_for(100us);
            const int fd = ::open(inside.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
            if (fd < 0)
                ++violations;
            else
                ::close(fd);
            std::this_thread::sleep_for(200us);
            if (fd >= 0)
                std::filesystem::remove(inside);
            lock.unlock();
        }
        for (int i = 0; i < violations; ++i)
            std::cout << "violation\n";
        std::cout << "done" << std::endl;
        return 0;
    }
    return 2;
}
