"""Fictional department (sở, ban, ngành) units for criteria/2025/so.yaml.

`generate(rng)` returns plain dicts in the unit-file shape; sample_units/make_cohort.py writes them
to sample_units/cohort/so/*.yaml. Every unit is FICTIONAL ("Sở Mẫu 01 (hư cấu)" …). Figures are
drawn only from `rng`, so one seed always gives the same cohort.

The figures respect the set's consistency checks: parts add up to wholes (dossiers received +
carried over = settled + pending; settled = early + on time + late), counts never exceed their
base, and a reported percentage, where given, is the count ratio rounded to 2 decimals.

The cohort contains, on purpose:
- so-mau-01: perfect in every criterion (index 100%) and the best online share of the group;
- so-mau-02: perfect except the survey results (ĐTXHH);
- so-mau-03, so-mau-04: nothing to do in some criteria (no legal document due, no feedback
  received, no late dossier, no staff cut planned, no public investment) → "không phát sinh";
- so-mau-05, so-mau-06: the same profile under two ids → an exact tie in index;
- so-mau-07: a report that leaves some figures out → "chưa kê khai";
- so-mau-20 … so-mau-22: weak units;
- the others: random quality between fair and very good.
"""

from __future__ import annotations

import copy
import random
from typing import Any

PERIOD = "Năm 2025"


def _part(whole: int, share: float) -> int:
    """round(whole × share), kept within [0, whole]."""
    return max(0, min(whole, round(whole * share)))


def _pct(numerator: int, denominator: int) -> float:
    """The ratio as a percentage rounded to 2 decimals, the way reports print it."""
    return round(numerator * 100 / denominator, 2)


class _Draw:
    """Draws figures for one unit of a given quality q (0 = very weak, 1 = perfect)."""

    def __init__(self, rng: random.Random, quality: float) -> None:
        self.rng = rng
        self.q = quality
        self.perfect = quality >= 1

    def ratio(self, floor: float = 0.0) -> float:
        """A completion ratio around the unit's quality; exactly 1 for a perfect unit."""
        if self.perfect:
            return 1.0
        low = max(floor, self.q - 0.2)
        high = min(1.0, self.q + 0.08)
        return self.rng.uniform(low, max(low, high))

    def yes(self) -> bool:
        return True if self.perfect else self.rng.random() < 0.45 + 0.5 * self.q

    def survey(self) -> float:
        """A survey result in percent (ĐTXHH), one decimal."""
        if self.perfect:
            return 100.0
        return round(self.rng.uniform(55 + 30 * self.q, 70 + 26 * self.q), 1)


def _unit(rng: random.Random, quality: float, *, survey_perfect: bool | None = None,
          nothing_to_do: bool = False, reported_percents: bool = False) -> dict[str, Any]:
    d = _Draw(rng, quality)
    perfect = d.perfect
    ind: dict[str, Any] = {}

    def survey() -> float:
        if survey_perfect is False:
            return round(rng.uniform(84, 95), 1)
        return d.survey()

    # -- 1. Chỉ đạo, điều hành -----------------------------------------------------------------
    if perfect or rng.random() < 0.5 + 0.45 * quality:
        ind["ke_hoach_cchc"] = "kip_thoi"
    else:
        ind["ke_hoach_cchc"] = "khong_kip_thoi" if rng.random() < 0.75 else "khong_ban_hanh"
    ind["ke_hoach_day_du_nhiem_vu"] = d.yes()
    ind["ke_hoach_bo_tri_kinh_phi"] = d.yes()
    ind["ke_hoach_ket_qua_ro_rang"] = d.yes()
    plan = rng.randint(15, 45)
    ind["chi_tieu_ke_hoach"] = plan
    ind["chi_tieu_hoan_thanh"] = _part(plan, d.ratio(0.4))
    ind["bao_cao_cchc_dung_han"] = d.yes()
    ind["bao_cao_cchc_day_du"] = d.yes()
    units = rng.randint(4, 14)
    ind["don_vi_truc_thuoc"] = units
    ind["ke_hoach_kiem_tra_cchc"] = d.yes()
    to_inspect = rng.randint(2, units)
    ind["don_vi_kiem_tra_ke_hoach"] = to_inspect
    inspected = _part(to_inspect, d.ratio())
    ind["don_vi_da_kiem_tra"] = inspected
    ind["xu_ly_sau_kiem_tra"] = d.yes()
    ind["ke_hoach_tuyen_truyen"] = d.yes()
    ind["tin_bai_cchc"] = rng.randint(4, 30) if perfect else rng.randint(0, 4 + round(20 * quality))
    tasks = rng.randint(3, 12)
    ind["nhiem_vu_cchc_duoc_giao"] = tasks
    ind["nhiem_vu_giao_dung_han"] = _part(tasks, d.ratio())
    ind["dtxhh_chi_dao_dieu_hanh"] = survey()

    # -- 2. Thể chế ------------------------------------------------------------------------------
    due = 0 if nothing_to_do else rng.randint(1, 8)
    ind["vbqppl_phai_ban_hanh"] = due
    ind["vbqppl_da_ban_hanh"] = _part(due, d.ratio())
    ind["vbqppl_quy_trinh_dung"] = d.yes()
    ind["dtxhh_chat_luong_vbqppl"] = survey()
    ind["ke_hoach_ra_soat_vbqppl"] = d.yes()
    to_review = rng.randint(10, 120)
    ind["vbqppl_can_ra_soat"] = to_review
    ind["vbqppl_da_ra_soat"] = to_review if perfect or rng.random() < quality else _part(to_review, d.ratio(0.5))
    to_fix = 0 if nothing_to_do else rng.randint(0, 6)
    ind["vbqppl_phai_xu_ly"] = to_fix
    ind["vbqppl_da_xu_ly"] = _part(to_fix, d.ratio())
    ind["ke_hoach_theo_doi_thpl"] = d.yes()
    ind["bao_cao_theo_doi_thpl"] = d.yes()
    ind["ke_hoach_pbgdpl"] = d.yes()
    ind["dtxhh_thuc_thi_phap_luat"] = survey()

    # -- 3. Thủ tục hành chính -------------------------------------------------------------------
    ind["ke_hoach_ra_soat_tthc"] = d.yes()
    ind["phuong_an_don_gian_hoa"] = rng.randint(2, 9) if perfect else rng.randint(0, 1 + round(5 * quality))
    if perfect or rng.random() < 0.35 + 0.6 * quality:
        ind["cong_bo_tthc"] = "da_cong_bo"
    else:
        ind["cong_bo_tthc"] = "dang_tham_muu" if rng.random() < 0.8 else "chua_thuc_hien"
    procedures = rng.randint(40, 220)
    ind["tthc_thuoc_tham_quyen"] = procedures
    ind["tthc_cong_khai_day_du"] = d.yes()
    ind["dtxhh_cong_khai_tthc"] = survey()

    received = rng.randint(200, 6000)
    carried = rng.randint(0, received // 10)
    pending = _part(received + carried, rng.uniform(0.01, 0.08))
    settled = received + carried - pending
    late_share = 0.0 if perfect or nothing_to_do else rng.uniform(0.0, 0.04 * (1.05 - quality))
    late = _part(settled, late_share)
    early = _part(settled - late, rng.uniform(0.55, 0.95))
    ind.update({
        "ho_so_tiep_nhan": received,
        "ho_so_ton_ky_truoc": carried,
        "ho_so_da_giai_quyet": settled,
        "ho_so_truoc_han": early,
        "ho_so_dung_han": settled - late - early,
        "ho_so_tre_han": late,
        "ho_so_dang_giai_quyet": pending,
        "thu_xin_loi": late if perfect or rng.random() < quality else _part(late, 0.5),
        "ho_so_so_hoa": _part(settled, d.ratio(0.3)),
        "ty_le_hai_long_dtxhh": survey(),
    })
    full_online = _part(procedures, d.ratio(0.3))
    ind["dvc_toan_trinh"] = full_online
    ind["dvc_mot_phan"] = _part(procedures - full_online, rng.uniform(0.3, 1.0))
    ind["dvc_toan_trinh_co_ho_so"] = _part(full_online, d.ratio(0.2))
    online = _part(received, d.ratio(0.3))
    ind["ho_so_truc_tuyen"] = online
    with_fee = 0 if nothing_to_do else _part(received, rng.uniform(0.15, 0.5))
    ind["ho_so_phai_thanh_toan"] = with_fee
    ind["ho_so_thanh_toan_truc_tuyen"] = _part(with_fee, d.ratio(0.1))
    fee_procedures = _part(procedures, rng.uniform(0.2, 0.5))
    ind["tthc_co_nghia_vu_tai_chinh"] = fee_procedures
    ind["tthc_thanh_toan_truc_tuyen"] = _part(fee_procedures, d.ratio(0.2))
    feedback = 0 if nothing_to_do else rng.randint(1, 40)
    ind["pakn_tiep_nhan"] = feedback
    ind["pakn_da_xu_ly"] = _part(feedback, d.ratio(0.5))
    ind["cong_khai_ket_qua_pakn"] = d.yes()
    ind["tiep_nhan_tai_trung_tam"] = d.yes()
    ind["buu_chinh_cong_ich"] = d.yes()

    # -- 4. Tổ chức bộ máy -----------------------------------------------------------------------
    ind["quy_dinh_chuc_nang_nhiem_vu"] = d.yes()
    ind["don_vi_truc_thuoc_co_quy_dinh"] = _part(units, d.ratio())
    ind["sap_xep_to_chuc_dung_quy_dinh"] = d.yes()
    ind["dtxhh_to_chuc_bo_may"] = survey()
    quota = rng.randint(30, 120)
    over = not perfect and rng.random() > 0.75 + 0.25 * quality
    staff = quota + rng.randint(1, 3) if over else quota - rng.randint(0, 8)
    ind["bien_che_giao"] = quota
    ind["bien_che_su_dung"] = staff
    cuts = 0 if nothing_to_do else rng.randint(1, 6)
    ind["tinh_gian_ke_hoach"] = cuts
    ind["tinh_gian_thuc_hien"] = cuts if perfect or rng.random() < quality else _part(cuts, d.ratio())
    ind["phan_bo_bien_che"] = d.yes()
    ind["thuc_hien_phan_cap"] = d.yes()
    ind["kiem_tra_phan_cap"] = d.yes()

    # -- 5. Chế độ công vụ -----------------------------------------------------------------------
    ind["de_an_vi_tri_viec_lam"] = d.yes()
    ind["bo_tri_dung_vi_tri"] = d.yes()
    hired = 0 if nothing_to_do else rng.randint(0, 10)
    ind["so_tuyen_dung"] = hired
    ind["tuyen_dung_dung_quy_dinh"] = d.yes()
    rotation = rng.randint(2, 12)
    ind["chuyen_doi_vi_tri_ke_hoach"] = rotation
    ind["chuyen_doi_vi_tri_thuc_hien"] = _part(rotation, d.ratio())
    ind["danh_gia_xep_loai_dung_quy_dinh"] = d.yes()
    ind["ke_hoach_dao_tao"] = d.yes()
    training = rng.randint(20, 150)
    ind["luot_dao_tao_ke_hoach"] = training
    ind["luot_dao_tao_thuc_hien"] = training if perfect else _part(training, d.ratio(0.3))
    ind["quy_che_van_hoa_cong_vu"] = d.yes()
    ind["kiem_tra_cong_vu"] = d.yes()
    ind["dtxhh_cong_vu"] = survey()
    ind["cong_chuc_dat_chuan"] = _part(staff, d.ratio(0.7))
    ind["cong_chuc_htt_tro_len"] = _part(staff, d.ratio(0.6))

    # -- 6. Tài chính công -----------------------------------------------------------------------
    ind["quy_che_chi_tieu_noi_bo"] = d.yes()
    ind["cong_khai_tai_chinh"] = d.yes()
    investment = 0 if nothing_to_do else rng.randint(5, 400) * 1000
    ind["von_dau_tu_giao"] = investment
    ind["von_dau_tu_giai_ngan"] = _part(investment, d.ratio(0.5))
    ind["tu_chu_kinh_phi_hanh_chinh"] = d.yes()
    service_units = 0 if nothing_to_do else rng.randint(1, 8)
    ind["dvsn_truc_thuoc"] = service_units
    ind["dvsn_giao_tu_chu"] = _part(service_units, d.ratio())
    budget = rng.randint(8, 90) * 1000
    ind["du_toan_chi_thuong_xuyen"] = budget
    saving = 0.05 if perfect else rng.uniform(0.0, 0.06 * quality)
    ind["kinh_phi_tiet_kiem"] = round(budget * saving)
    ind["quan_ly_tai_san_cong"] = d.yes()
    ind["dtxhh_tai_chinh_cong"] = survey()

    # -- 7. Chính phủ điện tử, Chính phủ số --------------------------------------------------------
    ind["ke_hoach_chuyen_doi_so"] = d.yes()
    digital_tasks = rng.randint(8, 30)
    ind["nhiem_vu_cds"] = digital_tasks
    ind["nhiem_vu_cds_hoan_thanh"] = _part(digital_tasks, d.ratio(0.4))
    ind["an_toan_thong_tin"] = d.yes()
    ind["phan_mem_dung_chung"] = d.yes()
    issued = rng.randint(1500, 9000)
    electronic = issued if perfect else _part(issued, d.ratio(0.4))
    signed = _part(electronic, d.ratio(0.5))
    ind["van_ban_phat_hanh"] = issued
    ind["van_ban_dien_tu"] = electronic
    ind["van_ban_ky_so"] = signed
    if reported_percents:
        ind["ty_le_van_ban_dien_tu_bao_cao"] = _pct(electronic, issued)
        ind["ty_le_ky_so_bao_cao"] = _pct(signed, issued)
        ind["ty_le_ho_so_truc_tuyen_bao_cao"] = _pct(online, received)
        ind["ty_le_dvc_toan_trinh_bao_cao"] = _pct(full_online, procedures)
        if feedback:
            ind["ty_le_pakn_xu_ly_bao_cao"] = _pct(ind["pakn_da_xu_ly"], feedback)
    ind["phan_mem_quan_ly_van_ban"] = d.yes()
    ind["ket_noi_chia_se_du_lieu"] = d.yes()
    ind["dtxhh_chinh_phu_so"] = survey()
    ind["trang_ttdt_cap_nhat"] = d.yes()
    ind["dang_tai_van_ban_cchc"] = d.yes()
    ind["iso_duy_tri"] = d.yes()
    ind["iso_cong_bo"] = d.yes()

    # -- Thưởng, trừ -----------------------------------------------------------------------------
    ind["sang_kien_cong_nhan"] = rng.randint(0, 3) if quality >= 0.8 else 0
    ind["mo_hinh_nhan_rong"] = rng.randint(0, 2) if quality >= 0.85 else 0
    ind["vi_pham_ky_luat"] = 0 if quality >= 0.8 else rng.randint(0, 2)
    ind["bi_phe_binh_cchc"] = 0 if quality >= 0.7 else rng.randint(0, 3)
    return ind


def _wrap(number: int, indicators: dict[str, Any]) -> dict[str, Any]:
    return {
        "unit_id": f"so-mau-{number:02d}",
        "unit_name": f"Sở Mẫu {number:02d} (hư cấu)",
        "unit_kind": "so",
        "period": PERIOD,
        "criteria": "so-2025",
        "indicators": indicators,
    }


def generate(rng: random.Random) -> list[dict[str, Any]]:
    """22 fictional department units (see the module docstring for the planned profiles)."""
    units: list[dict[str, Any]] = []
    # 01: perfect everywhere, including the best online share (the relative criterion's reference).
    perfect = _unit(rng, 1.0, reported_percents=True)
    perfect["sang_kien_cong_nhan"] = 0
    perfect["mo_hinh_nhan_rong"] = 0
    units.append(_wrap(1, perfect))
    # 02: perfect in self-assessed criteria, survey results between 84% and 95%.
    near_perfect = _unit(rng, 1.0, survey_perfect=False)
    near_perfect["sang_kien_cong_nhan"] = 0
    near_perfect["mo_hinh_nhan_rong"] = 0
    units.append(_wrap(2, near_perfect))
    # 03, 04: good units with nothing to do in several criteria ("không phát sinh").
    units.append(_wrap(3, _unit(rng, 0.92, nothing_to_do=True, reported_percents=True)))
    units.append(_wrap(4, _unit(rng, 0.75, nothing_to_do=True)))
    # 05, 06: the same profile under two ids — an exact tie.
    twin = _unit(rng, 0.85)
    units.append(_wrap(5, twin))
    units.append(_wrap(6, copy.deepcopy(twin)))
    # 07: a unit whose report leaves some figures out ("chưa kê khai").
    partial = _unit(rng, 0.8)
    for name in ("ho_so_so_hoa", "thu_xin_loi", "cong_chuc_dat_chuan", "nhiem_vu_cds_hoan_thanh"):
        partial[name] = None
    units.append(_wrap(7, partial))
    # 08–19: random quality between fair and very good; every third one prints its percentages.
    for number in range(8, 20):
        quality = rng.uniform(0.6, 0.97)
        units.append(_wrap(number, _unit(rng, quality, reported_percents=number % 3 == 0)))
    # 20–22: weak units.
    for number in range(20, 23):
        units.append(_wrap(number, _unit(rng, rng.uniform(0.3, 0.5))))
    return units
