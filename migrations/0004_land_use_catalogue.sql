-- Land-use codes of Circular 08/2024/TT-BTNMT (Appendix II) and the legacy codes that
-- old files still carry, mapped to current ones. Colours follow the cadastral map
-- convention (pale yellow rice, pink residential, blue water, ...) and feed the map styles.
CREATE TABLE ref.land_use_code (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  name_vi text NOT NULL,
  name_en text NOT NULL,
  category text NOT NULL CHECK (category IN ('agricultural', 'residential', 'non_agricultural', 'unused')),
  color text NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
  sort_order integer NOT NULL UNIQUE,
  circular text NOT NULL DEFAULT '08/2024/TT-BTNMT'
);

INSERT INTO ref.land_use_code (code, name_vi, name_en, category, color, sort_order) VALUES
  ('LUC', 'Đất chuyên trồng lúa', 'Specialised rice land', 'agricultural', '#fffc8c', 10),
  ('LUK', 'Đất trồng lúa còn lại', 'Other rice land', 'agricultural', '#fffcb4', 11),
  ('HNK', 'Đất trồng cây hằng năm khác', 'Other annual crop land', 'agricultural', '#fff0b4', 12),
  ('CLN', 'Đất trồng cây lâu năm', 'Perennial crop land', 'agricultural', '#ffd2a0', 13),
  ('RDD', 'Đất rừng đặc dụng', 'Special-use forest land', 'agricultural', '#6eff64', 14),
  ('RPH', 'Đất rừng phòng hộ', 'Protection forest land', 'agricultural', '#beff1e', 15),
  ('RSX', 'Đất rừng sản xuất', 'Production forest land', 'agricultural', '#b4ffb4', 16),
  ('NTS', 'Đất nuôi trồng thủy sản', 'Aquaculture land', 'agricultural', '#aaffff', 17),
  ('CNT', 'Đất chăn nuôi tập trung', 'Concentrated livestock land', 'agricultural', '#ffe6c8', 18),
  ('LMU', 'Đất làm muối', 'Salt-making land', 'agricultural', '#fafafa', 19),
  ('NKH', 'Đất nông nghiệp khác', 'Other agricultural land', 'agricultural', '#f5ffb4', 20),
  ('ONT', 'Đất ở tại nông thôn', 'Rural residential land', 'residential', '#ffd0ff', 30),
  ('ODT', 'Đất ở tại đô thị', 'Urban residential land', 'residential', '#ffa0ff', 31),
  ('TSC', 'Đất xây dựng trụ sở cơ quan', 'Government office land', 'non_agricultural', '#ff6450', 40),
  ('CQP', 'Đất quốc phòng', 'Defence land', 'non_agricultural', '#ff5046', 41),
  ('CAN', 'Đất an ninh', 'Security land', 'non_agricultural', '#ff5046', 42),
  ('DVH', 'Đất xây dựng cơ sở văn hóa', 'Cultural facility land', 'non_agricultural', '#ffaaa0', 43),
  ('DYT', 'Đất xây dựng cơ sở y tế', 'Health facility land', 'non_agricultural', '#ffaaa0', 44),
  ('DGD', 'Đất xây dựng cơ sở giáo dục và đào tạo', 'Education facility land', 'non_agricultural', '#ffaaa0', 45),
  ('DTT', 'Đất xây dựng cơ sở thể dục, thể thao', 'Sports facility land', 'non_agricultural', '#ffaaa0', 46),
  ('DKH', 'Đất xây dựng cơ sở khoa học và công nghệ', 'Science and technology facility land', 'non_agricultural', '#ffaaa0', 47),
  ('TMD', 'Đất thương mại, dịch vụ', 'Commercial and service land', 'non_agricultural', '#faaaa0', 48),
  ('SKC', 'Đất cơ sở sản xuất phi nông nghiệp', 'Non-agricultural production land', 'non_agricultural', '#faaaa0', 49),
  ('SKS', 'Đất sử dụng cho hoạt động khoáng sản', 'Mining land', 'non_agricultural', '#cdaacd', 50),
  ('SKX', 'Đất sản xuất vật liệu xây dựng, làm đồ gốm', 'Building-material and pottery land', 'non_agricultural', '#cdaacd', 51),
  ('DGT', 'Đất công trình giao thông', 'Transport land', 'non_agricultural', '#ffaa32', 52),
  ('DTL', 'Đất công trình thủy lợi', 'Irrigation works land', 'non_agricultural', '#aaffff', 53),
  ('DDT', 'Đất có di tích lịch sử - văn hóa, danh lam thắng cảnh', 'Heritage and scenic site land', 'non_agricultural', '#ffaaa0', 54),
  ('DRA', 'Đất công trình xử lý chất thải', 'Waste treatment land', 'non_agricultural', '#cdaacd', 55),
  ('DCK', 'Đất công trình công cộng khác', 'Other public works land', 'non_agricultural', '#ffaaa0', 56),
  ('DNL', 'Đất công trình năng lượng, chiếu sáng công cộng', 'Energy and public lighting land', 'non_agricultural', '#ffaaa0', 57),
  ('DCH', 'Đất chợ dân sinh, chợ đầu mối', 'Market land', 'non_agricultural', '#ffaaa0', 58),
  ('DBV', 'Đất công trình bưu chính, viễn thông, công nghệ thông tin', 'Post and telecom land', 'non_agricultural', '#ffaaa0', 59),
  ('DKV', 'Đất khu vui chơi, giải trí công cộng', 'Public recreation land', 'non_agricultural', '#ffaaa0', 60),
  ('DSH', 'Đất sinh hoạt cộng đồng', 'Community activity land', 'non_agricultural', '#ffaaa0', 61),
  ('NTD', 'Đất nghĩa trang, nhà tang lễ, cơ sở hỏa táng', 'Cemetery and funeral land', 'non_agricultural', '#d2d2d2', 62),
  ('TON', 'Đất cơ sở tôn giáo', 'Religious facility land', 'non_agricultural', '#ffaaa0', 63),
  ('TIN', 'Đất cơ sở tín ngưỡng', 'Belief facility land', 'non_agricultural', '#ffaaa0', 64),
  ('SON', 'Đất có mặt nước là sông, ngòi, kênh, rạch, suối', 'Rivers, canals and streams', 'non_agricultural', '#a0ffff', 65),
  ('MNC', 'Đất có mặt nước chuyên dùng', 'Special-use water surface', 'non_agricultural', '#b4ffff', 66),
  ('PNK', 'Đất phi nông nghiệp khác', 'Other non-agricultural land', 'non_agricultural', '#ffaaa0', 67),
  ('BCS', 'Đất bằng chưa sử dụng', 'Unused flat land', 'unused', '#fffffe', 80),
  ('DCS', 'Đất đồi núi chưa sử dụng', 'Unused hilly land', 'unused', '#fffff0', 81),
  ('NCS', 'Núi đá không có rừng cây', 'Bare rocky mountain', 'unused', '#e6e6c8', 82);

-- Codes from Circulars 25/2014 and 27/2018 that legacy files carry. The importer stores
-- the current code and keeps the original beside it.
CREATE TABLE ref.land_use_legacy_code (
  legacy_code text NOT NULL CHECK (legacy_code ~ '^[A-Z]{3}$'),
  circular text NOT NULL,
  current_code text NOT NULL REFERENCES ref.land_use_code (code),
  note text,
  PRIMARY KEY (legacy_code, circular)
);
INSERT INTO ref.land_use_legacy_code (legacy_code, circular, current_code, note) VALUES
  ('BHK', '25/2014/TT-BTNMT', 'HNK', 'Đất bằng trồng cây hằng năm khác'),
  ('NHK', '25/2014/TT-BTNMT', 'HNK', 'Đất nương rẫy trồng cây hằng năm khác'),
  ('LUN', '25/2014/TT-BTNMT', 'LUK', 'Đất trồng lúa nương'),
  ('SKK', '25/2014/TT-BTNMT', 'SKC', 'Đất khu công nghiệp'),
  ('SKT', '25/2014/TT-BTNMT', 'SKC', 'Đất cụm công nghiệp'),
  ('SKN', '25/2014/TT-BTNMT', 'SKC', 'Đất khu chế xuất'),
  ('DDL', '25/2014/TT-BTNMT', 'DDT', 'Đất danh lam thắng cảnh'),
  ('DTS', '25/2014/TT-BTNMT', 'TSC', 'Đất xây dựng trụ sở của tổ chức sự nghiệp'),
  ('DXH', '25/2014/TT-BTNMT', 'DCK', 'Đất xây dựng cơ sở dịch vụ xã hội'),
  ('DNG', '25/2014/TT-BTNMT', 'TSC', 'Đất xây dựng cơ sở ngoại giao');
