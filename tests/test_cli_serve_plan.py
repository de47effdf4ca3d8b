"""`serve` keeps quiet when a browser hangs up; `plan` shows every date as it goes."""

from __future__ import annotations

import http.server
import socket
import socketserver
import threading

import pytest

from aleppo_map.cli.build import quiet_server


def answer_once(error: type[BaseException], capfd) -> str:
    """Serve one request whose handler fails with ``error``; what the server printed."""

    class Failing(socketserver.BaseRequestHandler):
        def handle(self):
            raise error("the browser went away")

    server = quiet_server(http.server.HTTPServer)(("127.0.0.1", 0), Failing)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    with socket.create_connection(server.server_address, timeout=5) as client:
        client.sendall(b"GET / HTTP/1.0\r\n\r\n")
    thread.join(timeout=5)
    server.server_close()
    return capfd.readouterr().err


@pytest.mark.parametrize("error", [BrokenPipeError, ConnectionResetError, ConnectionAbortedError])
def test_serve_says_nothing_when_a_browser_disconnects(error, capfd):
    assert answer_once(error, capfd) == ""


def test_serve_still_reports_a_real_error(capfd):
    assert "Traceback" in answer_once(ValueError, capfd)


def test_plan_lists_every_date_with_its_counts(cli, tinywar):
    from aleppo_map.dataset import Dataset
    from aleppo_map.states import Resolver

    dates = Resolver(Dataset.load(tinywar)).change_dates()
    result = cli("--data", tinywar, "plan")
    assert result.exit_code == 0
    for day in dates:
        assert f"  {day:%Y-%m-%d}: " in result.output


def test_ingesting_many_files_reports_each_one_done(tmp_path):
    from aleppo_map.dataset import default_data_dir
    from aleppo_map.distributed import ingest_files

    jobs = []
    for n in range(3):
        path = tmp_path / f"report-{n}.txt"
        path.write_text(f"Report {n}. Rebels said they captured Saraqib after a day of fighting.\n", encoding="utf-8")
        jobs.append((path, "2024-11-30", ""))
    done = []
    results = ingest_files(default_data_dir(), jobs, progress=done.append)
    assert len(results) == 3 and sum(done) == 3
