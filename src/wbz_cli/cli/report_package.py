"""``wbz report monthly --format package``: the station's monthly submission to its district
(报送包) written to ``--out``, with the lines the user needs: what it holds, and what it
lacks (no district key: figures only; children without an ID number: not listed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wbz_cli.cli.terminal import info, warn
from wbz_cli.domain.submission import SUFFIX

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.domain.report import Period
    from wbz_cli.sheets.output import Target

NO_KEY = (
    "未设置区县密钥：报送包只含统计数字，不含儿童名单；请运行 wbz init --district-key 区县密钥文件"
)


def write_package(
    app: AppContext, period: Period, out: Target, *, encrypt: bool, reuse: bool = True
) -> None:
    """The month's figures and children are read together (``services.submission``)."""
    from wbz_cli.cli.backup import passphrase
    from wbz_cli.services.district_key import district_key
    from wbz_cli.services.submission import write_submission

    store = app.store()
    key = district_key(store)
    secret = passphrase(twice=True) if encrypt else None
    written = write_submission(store, period, out, key, secret, reuse=reuse)
    report = written.report
    kind = "加密报送包" if encrypt else "报送包"
    listed = f"儿童名单 {written.listed} 人" if key is not None else "不含儿童名单"
    info(f"已写入{kind} {out.path}（{report.period.label}，{listed}）")
    if key is None:
        warn(NO_KEY)
    if written.without_id:
        warn(f"{written.without_id} 名在册儿童没有身份证号：已计入统计数字，未列入儿童名单")
    if out.path.suffix.lower() != SUFFIX:
        warn(f"报送包的文件名通常以 {SUFFIX} 结尾：{out.path.name} 已照写，发送时请说明它是报送包")
    if encrypt:
        info("请把报送包密码另行告诉区县（不要和文件一起发送）")
